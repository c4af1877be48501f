package com.rollyy.emsp.ocpi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code rel="next"} target out of an RFC 8288 Link header. */
public final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^,;]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?",
            Pattern.CASE_INSENSITIVE);

    private LinkHeader() {
    }

    /** The next page's URL, or null when there is none (the last page). */
    public static String next(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            Matcher rel = REL_NEXT.matcher(link.group(2));
            while (rel.find()) {
                for (String value : rel.group(1).strip().split("\\s+")) {
                    if (value.equalsIgnoreCase("next")) {
                        return link.group(1).strip();
                    }
                }
            }
        }
        return null;
    }
}
