package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The DateTime reader's fast path for the canonical form answers exactly what the JDK's ISO
 * formatter answers, value and refusal alike, and leaves every other form to it.
 */
class OcpiJsonTest {

    @Test
    void theCanonicalFormsAreReadWithoutTheFormatter() {
        assertThat(OcpiJson.parseCanonical("2015-06-29T20:39:09Z")).isEqualTo(Instant.parse("2015-06-29T20:39:09Z"));
        assertThat(OcpiJson.parseCanonical("2015-06-29T20:39:09")).isEqualTo(Instant.parse("2015-06-29T20:39:09Z"));
        assertThat(OcpiJson.parseCanonical("2015-06-29T20:39:09.5Z")).isEqualTo(Instant.parse("2015-06-29T20:39:09.500Z"));
        assertThat(OcpiJson.parseCanonical("2024-02-29T23:59:59.123456789Z"))
                .isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
        assertThat(OcpiJson.parseCanonical("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void everythingElseIsLeftToTheFormatter() {
        for (String other : List.of("2015-06-29T20:39:09+01:00", " 2015-06-29T20:39:09Z", "2015-06-29t20:39:09z",
                "2015-06-29T20:39Z", "2015-06-29T20:39:09.Z", "2015-06-29T20:39:09.1234567890Z", "+2015-06-29T20:39:09Z",
                "2015-02-29T20:39:09Z", "2015-06-31T20:39:09Z", "2015-06-29T24:00:00Z", "2015-06-29T23:59:60Z",
                "2015-13-01T00:00:00Z", "2015-00-01T00:00:00Z", "2015-06-00T00:00:00Z", "2O15-06-29T20:39:09Z")) {
            assertThat(OcpiJson.parseCanonical(other)).as(other).isNull();
        }
    }

    @Test
    void parseAnswersAsTheFormatterDoesForRandomAndBrokenValues() {
        var random = new Random(15);
        var values = new ArrayList<String>();
        for (int i = 0; i < 6_000; i++) {
            String v = String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(61), random.nextInt(62));
            int fraction = random.nextInt(11);
            if (fraction > 0) {
                v += "." + Long.toString(Math.abs(random.nextLong())).substring(0, Math.min(fraction - 1, 18));
            }
            v += random.nextBoolean() ? "Z" : "";
            if (random.nextInt(20) == 0) { // a character broken somewhere
                char[] c = v.toCharArray();
                c[random.nextInt(c.length)] = "0:-T.Zx 9".charAt(random.nextInt(9));
                v = new String(c);
            }
            values.add(v);
        }
        for (String v : values) {
            Instant expected;
            try {
                expected = OcpiJson.parseAnyForm(v);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> OcpiJson.parse(v)).as(v).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(OcpiJson.parse(v)).as(v).isEqualTo(expected);
        }
        // the sample covers both outcomes in numbers
        assertThat(values.stream().filter(v -> OcpiJson.parseCanonical(v) != null).count()).isGreaterThan(1_500);
        assertThat(values.stream().filter(v -> {
            try {
                OcpiJson.parseAnyForm(v);
                return false;
            } catch (DateTimeParseException e) {
                return true;
            }
        }).count()).isGreaterThan(1_500);
    }
}
