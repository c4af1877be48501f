package com.rollyy.cposim.ocpi;

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
public final class OcpiEnvelope {

    public static final int SUCCESS = 1000;
    public static final int CLIENT_ERROR = 2000;
    public static final int INVALID_PARAMETERS = 2001;
    public static final int SERVER_ERROR = 3000;
    public static final int UNABLE_TO_USE_CLIENT_API = 3001;
    public static final int UNSUPPORTED_VERSION = 3002;
    public static final int NO_MATCHING_ENDPOINTS = 3003;

    private OcpiEnvelope() {
    }

    public static String success(Object data) {
        return build(data, SUCCESS, "Success");
    }

    /** Success without {@code data}: the spec (d2) says to leave it out when nothing is specified. */
    public static String successWithoutData() {
        return build(null, SUCCESS, "Success");
    }

    /**
     * Writes a success envelope whose {@code data} is produced by {@code data} straight into the
     * generator: same layout as {@link #success(Object)} without building the data in memory.
     */
    public static void writeSuccess(JsonGenerator g, Consumer<JsonGenerator> data) {
        g.writeStartObject();
        g.writeName("data");
        data.accept(g);
        g.writeNumberProperty("status_code", SUCCESS);
        g.writeStringProperty("status_message", "Success");
        g.writeStringProperty("timestamp", timestamp());
        g.writeEndObject();
    }

    /** {@link #writeSuccess} into a string, for small answers. */
    public static String successWith(Consumer<JsonGenerator> data) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = Json.generator(out)) {
            writeSuccess(g, data);
        }
        return out.toString();
    }

    /** Any status with {@code data}, e.g. 2003 with a CommandResponse REJECTED. */
    public static String withData(Object data, int statusCode, String message) {
        return build(data, statusCode, message);
    }

    public static String error(int statusCode, String message) {
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
    public static Optional<Map<String, Object>> parse(String body) {
        return Json.parse(body)
                .flatMap(Json::asObject)
                .filter(object -> statusCodeOf(object).isPresent());
    }

    public static Optional<Integer> statusCodeOf(Map<String, Object> envelope) {
        Object code = envelope.get("status_code");
        if (code instanceof Integer || code instanceof Long || code instanceof Short) {
            return Optional.of(((Number) code).intValue());
        }
        return Optional.empty();
    }

    public static Optional<Integer> statusCodeOf(String body) {
        return parse(body).flatMap(OcpiEnvelope::statusCodeOf);
    }
}
