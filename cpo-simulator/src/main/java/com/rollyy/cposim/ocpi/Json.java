package com.rollyy.cposim.ocpi;

import java.io.OutputStream;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out as plain maps and lists: the simulator deals with a handful of small,
 * loosely-typed documents and must inspect whatever a peer sends, so no bean binding.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // kWh, hours and prices are BigDecimals: never "1E+1" on the wire
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** Reads fractions as BigDecimal: tariff prices and volumes must not pass through binary doubles. */
    private static final JsonMapper EXACT = MAPPER.rebuild()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    /** A streaming UTF-8 generator; closing it closes {@code out}. */
    public static JsonGenerator generator(OutputStream out) {
        return MAPPER.createGenerator(out);
    }

    public static JsonGenerator generator(Writer out) {
        return MAPPER.createGenerator(out);
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses any JSON value; empty when the text is not (exactly one) valid JSON document. */
    public static Optional<Object> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readValue(text, Object.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #parse}, with every fraction as a {@link java.math.BigDecimal}. */
    public static Optional<Object> parseExact(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(EXACT.readValue(text, Object.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A JSON object with exact numbers; for documents the simulator wrote itself, so a failure is a bug. */
    public static Map<String, Object> exactObject(String text) {
        return parseExact(text).flatMap(Json::asObject)
                .orElseThrow(() -> new IllegalStateException("not a JSON object: " + text));
    }

    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> asObject(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    public static Optional<List<Object>> asList(Object value) {
        return value instanceof List<?> list ? Optional.of((List<Object>) list) : Optional.empty();
    }

    public static Optional<String> text(Map<String, Object> object, String field) {
        return object.get(field) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }
}
