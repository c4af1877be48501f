package com.rollyy.emsp.ocpi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code Authorization: Token <base64(utf8(token))>} as 2.2.1 requires, read tolerantly: many
 * 2.1.1-era peers still send the raw token, so both readings are tried.
 */
public final class AuthorizationHeader {

    private static final String PREFIX = "Token ";

    private AuthorizationHeader() {
    }

    public static String of(String token, boolean raw) {
        return PREFIX + (raw ? token : Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The tokens this header may stand for, most likely first; empty when it is not a Token header. */
    public static List<String> candidates(String header) {
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return List.of();
        }
        String value = header.substring(PREFIX.length()).strip();
        if (value.isEmpty()) {
            return List.of();
        }
        var candidates = new ArrayList<String>(2);
        decodeBase64(value).ifPresent(candidates::add);
        if (!candidates.contains(value)) {
            candidates.add(value);
        }
        return candidates;
    }

    /**
     * Whether {@code header} carried {@code token} raw rather than base64-encoded as 2.2.1 asks: a
     * 2.1.1-era peer, which most likely also expects its own token raw from us.
     */
    public static boolean sentRaw(String header, String token) {
        if (token == null || header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        String value = header.substring(PREFIX.length()).strip();
        return value.equals(token) && !decodeBase64(value).map(token::equals).orElse(false);
    }

    private static java.util.Optional<String> decodeBase64(String value) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            return isPrintableAscii(decoded) ? java.util.Optional.of(decoded) : java.util.Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return java.util.Optional.empty();
        }
    }

    /** A credentials token is printable non-whitespace ASCII (U+0021..U+007E), at most 64 characters. */
    public static boolean isPrintableAscii(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
