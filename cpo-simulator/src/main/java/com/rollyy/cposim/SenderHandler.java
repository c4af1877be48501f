package com.rollyy.cposim;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import tools.jackson.core.JsonGenerator;

/**
 * The CPO's Sender interfaces: {@code GET /ocpi/2.2.1/locations} (paginated list, and single
 * Location, EVSE or Connector) and {@code GET /ocpi/2.2.1/tariffs} (paginated list). Lists are
 * written straight from the generator to the connection.
 */
final class SenderHandler {

    static final String LOCATIONS = OcpiPaths.DETAILS + "/locations";
    static final String TARIFFS = OcpiPaths.DETAILS + "/tariffs";
    static final int UNKNOWN_LOCATION = 2003;

    private final Dataset dataset;
    private final SimulatorKnobs knobs;
    private final Supplier<String> baseUrl;
    private final CpoIdentity identity;
    private final RegistrationState state;

    SenderHandler(Dataset dataset, SimulatorKnobs knobs, Supplier<String> baseUrl, CpoIdentity identity,
                  RegistrationState state) {
        this.dataset = dataset;
        this.knobs = knobs;
        this.baseUrl = baseUrl;
        this.identity = identity;
        this.state = state;
    }

    /** Whether this handler serves the (normalized) path. */
    static boolean serves(String path) {
        return path.equals(LOCATIONS) || path.startsWith(LOCATIONS + "/") || path.equals(TARIFFS);
    }

    Reply handle(Inbound request) {
        Reply reply = route(request);
        return reply.withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    private Reply route(Inbound request) {
        if (!"GET".equals(request.method())) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        if (request.path().equals(TARIFFS)) {
            return list(request, TARIFFS, dataset.tariffCount(), Dataset::tariffLastUpdated,
                    Collections.emptyNavigableMap(), dataset::writeTariff);
        }
        if (request.path().equals(LOCATIONS)) {
            return list(request, LOCATIONS, dataset.locationCount(), Dataset::baseLocationLastUpdated,
                    dataset.changedLocations(), dataset::writeLocation);
        }
        return locationObject(request.path().substring(LOCATIONS.length() + 1).split("/", -1));
    }

    // ---- GET object --------------------------------------------------------------------------

    private Reply locationObject(String[] segments) {
        if (segments.length > 3) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path");
        }
        String locationId = decode(segments[0]);
        OptionalInt index = dataset.locationIndex(locationId);
        if (index.isEmpty()) {
            return Reply.httpError(404, UNKNOWN_LOCATION, "Unknown Location: " + locationId);
        }
        int location = index.getAsInt();
        if (segments.length == 1) {
            return Reply.ok(OcpiEnvelope.successWith(g -> dataset.writeLocation(g, location)));
        }
        String evseUid = decode(segments[1]);
        OptionalInt evse = dataset.evseNumber(location, evseUid);
        if (evse.isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown EVSE: " + evseUid);
        }
        int evseNumber = evse.getAsInt();
        if (segments.length == 2) {
            return Reply.ok(OcpiEnvelope.successWith(g -> dataset.writeEvse(g, location, evseNumber)));
        }
        String connectorId = decode(segments[2]);
        OptionalInt connector = dataset.connectorNumber(location, evseNumber, connectorId);
        if (connector.isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown Connector: " + connectorId);
        }
        return Reply.ok(OcpiEnvelope.successWith(g ->
                dataset.writeConnector(g, location, evseNumber, connector.getAsInt())));
    }

    // ---- GET list ----------------------------------------------------------------------------

    @FunctionalInterface
    private interface ObjectWriter {
        void write(JsonGenerator g, int index);
    }

    private Reply list(Inbound request, String path, int count, IntFunction<Instant> baseTime,
                       NavigableMap<Integer, Instant> changed, ObjectWriter writer) {
        PageRequest page;
        try {
            page = PageRequest.parse(request.query(), knobs.maxPageSize());
        } catch (IllegalArgumentException e) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, e.getMessage());
        }
        Selection selection = new Selection(count, baseTime, changed, page.dateFrom, page.dateTo);
        int[] indices = selection.page(page.offset, page.limit);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Long.toString(selection.total()));
        headers.put("X-Limit", Integer.toString(knobs.maxPageSize()));
        long next = page.offset + indices.length;
        if (indices.length > 0 && next < selection.total()) {
            headers.put("Link", "<" + baseUrl.get() + path + "?" + page.query(next) + ">; rel=\"next\"");
        }
        return Reply.stream(out -> {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            try (JsonGenerator g = Json.generator(buffered)) {
                OcpiEnvelope.writeSuccess(g, data -> {
                    data.writeStartArray();
                    for (int index : indices) {
                        writer.write(data, index);
                    }
                    data.writeEndArray();
                });
            }
        }).withHeaders(headers);
    }

    /** The four pagination parameters of a list GET, validated; the limit is already capped. */
    static final class PageRequest {
        final Instant dateFrom;
        final Instant dateTo;
        final long offset;
        final int limit;
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

        static PageRequest parse(String rawQuery, int maxPageSize) {
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
        String query(long nextOffset) {
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
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
