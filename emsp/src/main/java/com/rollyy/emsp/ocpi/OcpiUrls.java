package com.rollyy.emsp.ocpi;

/** URL joining as 2.2.1 peers publish them: with or without a trailing slash. */
public final class OcpiUrls {

    private OcpiUrls() {
    }

    /** Joins with exactly one '/', whether or not the base ends in one. */
    public static String join(String base, String... segments) {
        var sb = new StringBuilder(withoutTrailingSlash(base));
        for (String segment : segments) {
            String s = segment.startsWith("/") ? segment.substring(1) : segment;
            sb.append('/').append(s);
        }
        return sb.toString();
    }

    public static String withoutTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
