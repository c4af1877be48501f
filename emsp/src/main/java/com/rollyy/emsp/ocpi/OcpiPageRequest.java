package com.rollyy.emsp.ocpi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The four list parameters every OCPI list GET supports: {@code date_from} (inclusive),
 * {@code date_to} (exclusive), {@code offset}, {@code limit} (capped at the server maximum).
 */
public record OcpiPageRequest(int offset, int limit, Instant dateFrom, Instant dateTo, int maxLimit) {

    public static OcpiPageRequest from(Map<String, String> params, int maxLimit) {
        int offset = integer(params, "offset", 0);
        int limit = Math.min(integer(params, "limit", maxLimit), maxLimit);
        if (offset < 0) {
            throw OcpiException.invalidParameter("Parameter 'offset' must not be negative");
        }
        if (limit < 1) {
            throw OcpiException.invalidParameter("Parameter 'limit' must be at least 1");
        }
        Instant from = dateTime(params, "date_from");
        Instant to = dateTime(params, "date_to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw OcpiException.invalidParameter("Parameter 'date_from' must be before 'date_to'");
        }
        return new OcpiPageRequest(offset, limit, from, to, maxLimit);
    }

    private static int integer(Map<String, String> params, String name, int fallback) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw OcpiException.invalidParameter("Parameter '" + name + "' must be an integer");
        }
    }

    private static Instant dateTime(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OcpiJson.parse(value);
        } catch (DateTimeParseException e) {
            throw OcpiException.invalidParameter("Parameter '" + name + "' must be an RFC 3339 DateTime");
        }
    }
}
