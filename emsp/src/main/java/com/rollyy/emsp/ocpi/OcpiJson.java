package com.rollyy.emsp.ocpi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The OCPI wire format: snake_case (application.yml), DateTime as RFC 3339 UTC with {@code Z},
 * and no silent coercion between JSON types: no number or boolean as a string, no number as an
 * enum (Jackson's ordinal fallback), no fraction or string as an int, no number or string as a
 * boolean. A wrong type is a 2001 naming the field, not a guess.
 */
@Configuration(proxyBeanMethods = false)
public class OcpiJson {

    @Bean
    JacksonModule ocpiDateTimeModule() {
        return new SimpleModule("ocpi-datetime")
                .addSerializer(Instant.class, new DateTimeSerializer())
                .addDeserializer(Instant.class, new DateTimeDeserializer());
    }

    /** Which JSON shapes each kind of Java value refuses: a wrong type is a 2001, not a guess. */
    private static final Map<LogicalType, List<CoercionInputShape>> REFUSED = Map.of(
            LogicalType.Textual, List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.Boolean),
            // {"status": 5} is not PLANNED: Jackson would take a number as the enum's ordinal
            LogicalType.Enum, List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.Boolean),
            // "step_size": 300.7 is not 300, "max_voltage": "230" is not 230
            LogicalType.Integer, List.of(CoercionInputShape.Float, CoercionInputShape.String,
                    CoercionInputShape.Boolean),
            LogicalType.Float, List.of(CoercionInputShape.String, CoercionInputShape.Boolean),
            // "publish": 1 or "publish": "true" is not a boolean
            LogicalType.Boolean, List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.String));

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> {
            builder.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS) // "5" as an enum's index, too
                    // 20, never 2E+1: OCPI's and our product API's numbers are plain decimals
                    .enable(tools.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
            REFUSED.forEach((type, shapes) -> builder.withCoercionConfig(type,
                    config -> shapes.forEach(shape -> config.setCoercion(shape, CoercionAction.Fail))));
        };
    }

    /**
     * A JSON text as a tree whose decimals are exact ({@code BigDecimal}): another OCPI version's
     * body is translated as a tree, and a price must not pass through a {@code double} on the way
     * (0.1234567890123456789 would lose digits, 1e340 would become Infinity and fail as a 500).
     */
    public static tools.jackson.databind.JsonNode exactTree(tools.jackson.databind.ObjectMapper mapper, byte[] json) {
        return mapper.reader(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(json);
    }

    /** Emits {@code 2015-06-29T20:39:09Z} or, with a fraction, milliseconds: never over 25 characters. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Reads every form 2.2.1 allows (with or without {@code Z}, with or without a fraction); a
     * numeric offset is not allowed by the spec but is converted rather than refused. Years are
     * the four digits of RFC 3339: {@code +999999999-12-31T23:59:59Z} parses as an Instant, but no
     * database column, SQL timestamp or 25-character DateTime can hold it.
     */
    public static Instant parse(String text) {
        Instant fast = parseCanonical(text);
        return fast != null ? fast : parseAnyForm(text);
    }

    /**
     * The form nearly every peer sends, {@code 2015-06-29T20:39:09Z} or with a fraction of 1 - 9
     * digits, with or without the {@code Z}, read without a {@link DateTimeFormatter} (which builds
     * maps per value: 3 % of an EVSE PATCH's CPU, more for a CDR's dozens of DateTimes). Anything
     * else, an impossible date included, returns null and takes {@link #parseAnyForm}, so answers and
     * errors stay exactly those of the formatter (OcpiJsonTest compares both).
     */
    static Instant parseCanonical(String text) {
        int n = text.length();
        if (n < 19 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int end = text.charAt(n - 1) == 'Z' ? n - 1 : n;
        int nanos = 0;
        if (end > 19) {
            int fraction = end - 20;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, end);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    }

    /** The value of the ASCII digits text[from, to), -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Every form {@link #parse} accepts, through the JDK's ISO formatter. */
    static Instant parseAnyForm(String text) {
        Instant instant;
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text.strip());
            instant = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? Instant.from(parsed)
                    : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw e;
        } catch (java.time.DateTimeException e) {
            throw new DateTimeParseException(e.getMessage(), text, 0, e);
        }
        if (instant.isBefore(FIRST) || !instant.isBefore(AFTER_LAST)) {
            throw new DateTimeParseException("Year outside 0000-9999", text, 0);
        }
        return instant;
    }

    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant AFTER_LAST = Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1);

    static final class DateTimeSerializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(format(value));
        }
    }

    static final class DateTimeDeserializer extends ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return parse(p.getString());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getString(),
                        "not an RFC 3339 DateTime");
            }
        }
    }
}
