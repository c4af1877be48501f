package com.rollyy.cposim;

import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;

/**
 * The OCPI response envelope {@code {data, status_code, status_message, timestamp}}: building
 * it for our answers and recognising it in a peer's answers.
 */
final class OcpiEnvelope {

    static final int SUCCESS = 1000;
    static final int CLIENT_ERROR = 2000;
    static final int INVALID_PARAMETERS = 2001;
    static final int SERVER_ERROR = 3000;
    static final int UNABLE_TO_USE_CLIENT_API = 3001;
    static final int UNSUPPORTED_VERSION = 3002;
    static final int NO_MATCHING_ENDPOINTS = 3003;

    private OcpiEnvelope() {
    }

    static String success(Object data) {
        return build(data, SUCCESS, "Success");
    }

    /** Success without {@code data}: the spec (d2) says to leave it out when nothing is specified. */
    static String successWithoutData() {
        return build(null, SUCCESS, "Success");
    }

    /**
     * Writes a success envelope whose {@code data} is produced by {@code data} straight into the
     * generator: same layout as {@link #success(Object)} without building the data in memory.
     */
    static void writeSuccess(JsonGenerator g, Consumer<JsonGenerator> data) {
        g.writeStartObject();
        g.writeName("data");
        data.accept(g);
        g.writeNumberProperty("status_code", SUCCESS);
        g.writeStringProperty("status_message", "Success");
        g.writeStringProperty("timestamp", timestamp());
        g.writeEndObject();
    }

    /** {@link #writeSuccess} into a string, for small answers. */
    static String successWith(Consumer<JsonGenerator> data) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = Json.generator(out)) {
            writeSuccess(g, data);
        }
        return out.toString();
    }

    /** Any status with {@code data}, e.g. 2003 with a CommandResponse REJECTED. */
    static String withData(Object data, int statusCode, String message) {
        return build(data, statusCode, message);
    }

    static String error(int statusCode, String message) {
        return build(null, statusCode, message);
    }

    private static String build(Object data, int statusCode, String message) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        if (data != null) {
            envelope.put("data", data);
        }
        envelope.put("status_code", statusCode);
        envelope.put("status_message", message);
        envelope.put("timestamp", timestamp());
        return Json.write(envelope);
    }

    /** RFC 3339 UTC with the {@code Z} designator and whole seconds: always fits string(25). */
    static String timestamp() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The parsed envelope when the body is a JSON object with an integer {@code status_code}. */
    static Optional<Map<String, Object>> parse(String body) {
        return Json.parse(body)
                .flatMap(Json::asObject)
                .filter(object -> statusCodeOf(object).isPresent());
    }

    static Optional<Integer> statusCodeOf(Map<String, Object> envelope) {
        Object code = envelope.get("status_code");
        if (code instanceof Integer || code instanceof Long || code instanceof Short) {
            return Optional.of(((Number) code).intValue());
        }
        return Optional.empty();
    }

    static Optional<Integer> statusCodeOf(String body) {
        return parse(body).flatMap(OcpiEnvelope::statusCodeOf);
    }
}
