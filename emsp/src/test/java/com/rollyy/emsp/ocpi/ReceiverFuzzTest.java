package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.Fixtures;
import com.rollyy.emsp.support.TestHttp;

/**
 * A mutation fuzzer against the receivers: valid Locations, Sessions and CDRs with one to three
 * random mutations each (a field dropped, a value of the wrong type, an oversize or control-
 * character string, a bad enum or date, deep nesting, a number out of range) are PUT/POSTed. No
 * answer may be a 5xx, and whatever is refused must leave the stored object exactly as it was.
 * Seeded (ROLLYY_FUZZ_SEED or -Drollyy.fuzz.seed) so a failure can be replayed. Its sibling
 * {@link GeneratedObjectsFuzzTest} generates objects instead, for every receiver.
 */
class ReceiverFuzzTest extends EmspIntegrationTest {

    private static final int CASES_PER_MODULE = 60;
    private static final String T0 = "2026-03-02T10:00:00Z";
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    @Test
    void mutatedObjectsNeverCauseA5xxNorChangeWhatIsStored() throws Exception {
        long seed = Long.getLong("rollyy.fuzz.seed", System.getenv("ROLLYY_FUZZ_SEED") == null ? 20261124L
                : Long.parseLong(System.getenv("ROLLYY_FUZZ_SEED")));
        Random random = new Random(seed);
        cpo.registerWith(versionsUrl(), invite());
        String token = cpo.tokenForEmsp();

        String location = Fixtures.location("NL", "SIM", "LOC1", T0, Fixtures.evse("E1", "AVAILABLE", T0));
        String session = """
                {"country_code":"NL","party_id":"SIM","id":"S1","start_date_time":"2026-03-02T10:00:00Z","kwh":1.5,
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"APP_USER","contract_id":"NL-RYY-C1"},
                 "auth_method":"COMMAND","location_id":"LOC1","evse_uid":"E1","connector_id":"1","currency":"EUR",
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":1.5}]}],
                 "status":"ACTIVE","last_updated":"2026-03-02T10:00:00Z"}""";
        assertThat(ocpi("PUT", "/ocpi/2.2.1/locations/NL/SIM/LOC1", token).json(location).send().ocpiStatus())
                .isEqualTo(1000);
        assertThat(ocpi("PUT", "/ocpi/2.2.1/sessions/NL/SIM/S1", token).json(session).send().ocpiStatus())
                .isEqualTo(1000);
        String storedLocation = stored("location", "LOC1");
        String storedSession = stored("charging_session", "S1");

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES_PER_MODULE; i++) {
            ObjectNode l = mutate((ObjectNode) mapper.readTree(location), random);
            l.put("last_updated", "2027-01-01T00:00:00Z"); // newer: a valid one would be stored
            check(failures, seed, "PUT", "/ocpi/2.2.1/locations/NL/SIM/LOC1", token, l, "location", "LOC1",
                    storedLocation);
            if (stored("location", "LOC1").equals(storedLocation) == false) {
                storedLocation = stored("location", "LOC1"); // accepted as valid: the new baseline
            }
            ObjectNode s = mutate((ObjectNode) mapper.readTree(session), random);
            s.put("last_updated", "2027-01-01T00:00:00Z");
            check(failures, seed, "PUT", "/ocpi/2.2.1/sessions/NL/SIM/S1", token, s, "charging_session", "S1",
                    storedSession);
            if (!stored("charging_session", "S1").equals(storedSession)) {
                storedSession = stored("charging_session", "S1");
            }
            ObjectNode c = mutate(cdr("CDR-" + i), random);
            var answer = ocpi("POST", "/ocpi/2.2.1/cdrs", token).json(text(c)).send();
            if (answer.status() >= 500) {
                failures.add("seed " + seed + ": POST cdrs → HTTP " + answer.status() + " for " + abbreviate(c));
            }
            long stored = jdbc.sql("select count(*) from cdr where id = ?").param("CDR-" + i).query(Long.class).single();
            if (answer.ocpiStatus() != 1000 && stored != 0) {
                failures.add("seed " + seed + ": refused CDR stored anyway: " + abbreviate(c));
            }
        }
        assertThat(failures).isEmpty();
    }

    private void check(List<String> failures, long seed, String method, String path, String token, ObjectNode body,
                       String table, String id, String before) {
        var answer = ocpi(method, path, token).json(text(body)).send();
        if (answer.status() >= 500) {
            failures.add("seed " + seed + ": " + method + " " + path + " → HTTP " + answer.status() + " for "
                    + abbreviate(body));
        } else if (answer.ocpiStatus() != 1000 && !stored(table, id).equals(before)) {
            failures.add("seed " + seed + ": refused (" + answer.ocpiStatus() + ") but stored object changed: "
                    + abbreviate(body));
        }
    }

    private String stored(String table, String id) {
        return jdbc.sql("select doc::text from " + table + " where id = ?").param(id).query(String.class).single();
    }

    private ObjectNode cdr(String id) throws Exception {
        return (ObjectNode) mapper.readTree("""
                {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"2026-03-02T10:00:00Z",
                 "end_date_time":"2026-03-02T11:00:00Z","session_id":"S1",
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"APP_USER","contract_id":"NL-RYY-C1"},
                 "auth_method":"COMMAND","cdr_location":{"id":"LOC1","address":"Keizersgracht 1","city":"Amsterdam",
                  "country":"NLD","coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"E1",
                  "evse_id":"NL*SIM*E1","connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                  "connector_power_type":"AC_3_PHASE"},"currency":"EUR",
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":20}]}],
                 "total_cost":{"excl_vat":7.00,"incl_vat":8.47},"total_energy":20,"total_time":1,
                 "last_updated":"2026-03-02T11:05:00Z"}""".formatted(id));
    }

    /** One to three mutations at random places of the document. */
    private ObjectNode mutate(ObjectNode doc, Random random) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(doc, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>(target.propertyNames());
            if (names.isEmpty()) {
                continue;
            }
            String field = names.get(random.nextInt(names.size()));
            switch (random.nextInt(10)) {
                case 0 -> target.remove(field);
                case 1 -> target.put(field, random.nextInt());
                case 2 -> target.put(field, "x".repeat(random.nextInt(5000)));
                case 3 -> target.put(field, "\u0000\u001f\u202e" + random.nextLong());
                case 4 -> target.putNull(field);
                case 5 -> target.put(field, random.nextBoolean());
                case 6 -> target.put(field, "__DEEP__" + (50 + random.nextInt(2000)));
                case 7 -> target.put(field, "2026-13-45T99:99:99Z");
                case 8 -> target.put(field, new java.math.BigDecimal("1e" + (300 + random.nextInt(5000))));
                default -> target.set(field, nodes.arrayNode().add("NOT_AN_ENUM").add(nodes.objectNode()));
            }
        }
        return doc;
    }

    /** The body as sent: "__DEEP__n" markers become n nested arrays (deeper than a client library writes). */
    private static String text(JsonNode body) {
        var matcher = java.util.regex.Pattern.compile("\"__DEEP__(\\d+)\"").matcher(body.toString());
        var out = new StringBuilder();
        while (matcher.find()) {
            int depth = Integer.parseInt(matcher.group(1));
            matcher.appendReplacement(out, "[".repeat(depth) + "\"bottom\"" + "]".repeat(depth));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (JsonNode child : node) {
            if (child.isContainer()) {
                collect(child, into);
            }
        }
    }

    private static String abbreviate(JsonNode body) {
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
