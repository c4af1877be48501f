package com.rollyy.cposim.ocpi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The four pagination parameters of a list GET, validated; the limit is already capped. */
public final class PageRequest {
    public final Instant dateFrom;
    public final Instant dateTo;
    public final long offset;
    public final int limit;
    private final String rawDateFrom;
    private final String rawDateTo;

    private PageRequest(String rawDateFrom, String rawDateTo, long offset, int limit) {
        this.rawDateFrom = rawDateFrom;
        this.rawDateTo = rawDateTo;
        this.dateFrom = rawDateFrom == null ? null : parseDateTime(rawDateFrom, "date_from");
        this.dateTo = rawDateTo == null ? null : parseDateTime(rawDateTo, "date_to");
        this.offset = offset;
        this.limit = limit;
    }

    public static PageRequest parse(String rawQuery, int maxPageSize) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.putIfAbsent(name, value);
            }
        }
        long offset = number(params.get("offset"), "offset", 0, Long.MAX_VALUE, 0);
        long limit = number(params.get("limit"), "limit", 1, Long.MAX_VALUE, maxPageSize);
        return new PageRequest(params.get("date_from"), params.get("date_to"), offset,
                (int) Math.min(limit, maxPageSize));
    }

    /** The query of the page starting at {@code nextOffset}: same filters, the capped limit. */
    public String query(long nextOffset) {
        StringBuilder query = new StringBuilder();
        if (rawDateFrom != null) {
            query.append("date_from=").append(encode(rawDateFrom)).append('&');
        }
        if (rawDateTo != null) {
            query.append("date_to=").append(encode(rawDateTo)).append('&');
        }
        return query.append("offset=").append(nextOffset).append("&limit=").append(limit).toString();
    }

    private static long number(String value, String name, long min, long max, long fallback) {
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not an integer: " + value);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
        return parsed;
    }

    /**
     * RFC 3339 as OCPI allows it: UTC with {@code Z}, or without designator (meaning UTC), with
     * or without fractional seconds. Explicit offsets are tolerated.
     */
    static Instant parseDateTime(String value, String name) {
        String text = value.trim();
        try {
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.substring(0, text.length() - 1) + "Z");
            }
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return OffsetDateTime.parse(text).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not an RFC 3339 DateTime: " + value);
        }
    }

    /** Percent-encodes all but unreserved characters and ':' (legal in a query, and readable). */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == ':') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
