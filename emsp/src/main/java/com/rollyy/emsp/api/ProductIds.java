package com.rollyy.emsp.api;

import java.util.UUID;

/** Query parameters of the product API: blank means absent; a malformed value is a 400 naming it. */
public final class ProductIds {

    private ProductIds() {
    }

    /** A UUID parameter, or null when absent. */
    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter '" + name + "' must be a UUID");
        }
    }

    /** An id parameter (printable ASCII, at most {@code maxLength} characters), stripped, or null when absent. */
    public static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > maxLength || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.badRequest("Parameter '" + name + "' must be at most " + maxLength
                    + " printable ASCII characters");
        }
        return v;
    }
}
