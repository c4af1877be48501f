package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rollyy.emsp.support.DbSnapshot;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.Fixtures;
import com.rollyy.emsp.support.RawHttp;
import com.rollyy.emsp.support.TestHttp;

/**
 * A small world every hostile test starts from: the CPO simulator NL/SIM registered with us
 * (CPO-initiated, so its token A is spent), a Location LOC1 (EVSE E1, connector 1), a Session S1,
 * a Tariff T1, a CDR CDR1 and one of our tokens, TOKEN1. Cases are sent byte for byte
 * ({@link RawHttp}); each is checked for its answer and for a database left exactly as it was.
 */
abstract class HostileTestSupport extends EmspIntegrationTest {

    static final String T0 = "2026-03-02T10:00:00Z";
    /** Newer than what is stored: a body carrying it would be applied if the request got through. */
    static final String T1 = "2026-03-03T10:00:00Z";
    static final String UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

    String tokenA;
    String token;

    /**
     * One request and what must come back. {@code http} empty: any 4xx. {@code ocpiStatus}: the
     * envelope's status_code, -1 any 2xxx, 0 no envelope expected (a product path: any 4xx
     * without data). {@code message} null: not checked.
     */
    record Case(String name, String method, String target, Map<String, String> headers, String body,
                Set<Integer> http, int ocpiStatus, String message) {
    }

    /** An OCPI endpoint we serve, with a body that would change something were it accepted. */
    record Endpoint(String method, String path, String body) {

        boolean hasBody() {
            return body != null;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    void world() throws Exception {
        tokenA = invite();
        cpo.registerWith(versionsUrl(), tokenA);
        token = cpo.tokenForEmsp();
        expect1000("PUT", "/ocpi/2.2.1/locations/NL/SIM/LOC1", location("LOC1", T0));
        expect1000("PUT", "/ocpi/2.2.1/sessions/NL/SIM/S1", session("S1", T0));
        expect1000("PUT", "/ocpi/2.2.1/tariffs/NL/SIM/T1", Fixtures.tariff("NL", "SIM", "T1", T0));
        expect1000("POST", "/ocpi/2.2.1/cdrs", cdr("CDR1"));
        var created = api("POST", "/v1/tokens").json("""
                {"uid":"TOKEN1","type":"RFID","contract_id":"NL-RYY-C00001"}""").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private void expect1000(String method, String path, String body) {
        var answer = ocpi(method, path, token).json(body).send();
        assertThat(answer.ocpiStatus()).as(method + " " + path + ": " + answer).isEqualTo(1000);
    }

    /** Every OCPI endpoint we serve (docs/ocpi-conformance.md), in the world above. */
    List<Endpoint> endpoints() {
        String v = "/ocpi/2.2.1";
        return List.of(
                new Endpoint("GET", "/ocpi/versions", null),
                new Endpoint("GET", v + "/details", null),
                new Endpoint("GET", v + "/credentials", null),
                new Endpoint("POST", v + "/credentials", credentials("tok-hostile-1", cpo.versionsUrl())),
                new Endpoint("PUT", v + "/credentials", credentials("tok-hostile-2", cpo.versionsUrl())),
                new Endpoint("DELETE", v + "/credentials", null),
                new Endpoint("GET", v + "/locations", null),
                new Endpoint("GET", v + "/locations/NL/SIM/LOC1", null),
                new Endpoint("PUT", v + "/locations/NL/SIM/LOC1", location("LOC1", T1)),
                new Endpoint("PATCH", v + "/locations/NL/SIM/LOC1", "{\"name\":\"Patched\",\"last_updated\":\"" + T1 + "\"}"),
                new Endpoint("PUT", v + "/locations/LOC2", location("LOC2", T1)),
                new Endpoint("GET", v + "/locations/NL/SIM/LOC1/E1", null),
                new Endpoint("PUT", v + "/locations/NL/SIM/LOC1/E1", Fixtures.evse("E1", "CHARGING", T1)),
                new Endpoint("PATCH", v + "/locations/NL/SIM/LOC1/E1", "{\"status\":\"CHARGING\",\"last_updated\":\"" + T1 + "\"}"),
                new Endpoint("GET", v + "/locations/NL/SIM/LOC1/E1/1", null),
                new Endpoint("PUT", v + "/locations/NL/SIM/LOC1/E1/1", Fixtures.connector("1", T1, "T1")),
                new Endpoint("PATCH", v + "/locations/NL/SIM/LOC1/E1/1", "{\"max_amperage\":32,\"last_updated\":\"" + T1 + "\"}"),
                new Endpoint("GET", v + "/sessions", null),
                new Endpoint("GET", v + "/sessions/NL/SIM/S1", null),
                new Endpoint("PUT", v + "/sessions/NL/SIM/S1", session("S1", T1)),
                new Endpoint("PATCH", v + "/sessions/NL/SIM/S1", "{\"kwh\":9.5,\"last_updated\":\"" + T1 + "\"}"),
                new Endpoint("PUT", v + "/sessions/S2", session("S2", T1)),
                new Endpoint("GET", v + "/cdrs", null),
                new Endpoint("POST", v + "/cdrs", cdr("CDR2")),
                new Endpoint("PUT", v + "/cdrs/CDR3", cdr("CDR3")),
                new Endpoint("GET", v + "/cdrs/CDR1", null),
                new Endpoint("GET", v + "/tariffs", null),
                new Endpoint("GET", v + "/tariffs/NL/SIM/T1", null),
                new Endpoint("PUT", v + "/tariffs/NL/SIM/T1", Fixtures.tariff("NL", "SIM", "T1", T1)),
                new Endpoint("DELETE", v + "/tariffs/NL/SIM/T1", null),
                new Endpoint("GET", v + "/tokens", null),
                new Endpoint("POST", v + "/tokens/TOKEN1/authorize", "{\"location_id\":\"LOC1\"}"),
                new Endpoint("GET", v + "/tokens/TOKEN1/authorize", null),
                new Endpoint("POST", v + "/commands/callback/" + UNKNOWN_UUID, "{\"result\":\"ACCEPTED\"}"),
                new Endpoint("POST", v + "/commands/callback", "{\"command_id\":\"" + UNKNOWN_UUID + "\",\"result\":\"ACCEPTED\"}"),
                new Endpoint("POST", v + "/chargingprofiles/results/" + UNKNOWN_UUID, "{\"result\":\"ACCEPTED\"}"),
                new Endpoint("PUT", v + "/chargingprofiles/S1", activeProfile("W")),
                new Endpoint("GET", v + "/hubclientinfo", null),
                new Endpoint("GET", v + "/hubclientinfo/NL/CP1", null),
                new Endpoint("PUT", v + "/hubclientinfo/NL/CP1", clientInfo("NL", "CP1", "CONNECTED", T1)));
    }

    // ---- running cases ----

    Map<String, String> auth() {
        return Map.of("Authorization", TestHttp.tokenHeader(token));
    }

    Map<String, String> json(Map<String, String> headers) {
        var all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    /** Sends every case, collecting what went wrong (so one run reports all of them). */
    List<String> run(List<Case> cases) {
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            var before = DbSnapshot.take(jdbc);
            RawHttp.Answer answer;
            try {
                answer = RawHttp.send(port, c.method(), c.target(), c.headers(), c.body());
            } catch (RuntimeException e) {
                failures.add(c.name() + ": no answer (" + e.getMessage() + ")");
                continue;
            }
            var changed = DbSnapshot.changed(before, DbSnapshot.take(jdbc));
            String problem = problem(c, answer);
            if (problem != null) {
                failures.add(c.name() + ": " + problem + " — got " + answer);
            }
            if (!changed.isEmpty()) {
                failures.add(c.name() + ": refused but changed " + changed + " — got " + answer);
            }
        }
        System.out.println(getClass().getSimpleName() + ": " + cases.size() + " cases, " + failures.size()
                + " failures");
        return failures;
    }

    private static String problem(Case c, RawHttp.Answer answer) {
        if (answer.status() >= 500) {
            return "server error";
        }
        if (c.ocpiStatus() == 0) { // not an OCPI answer by design (a product path): refused, and no data
            return answer.status() >= 400 && !answer.body().contains("\"data\"") ? null
                    : "HTTP " + answer.status() + " with data";
        }
        if (c.http().isEmpty() ? answer.status() < 400 || answer.status() >= 500 : !c.http().contains(answer.status())) {
            return "HTTP " + answer.status() + ", expected " + (c.http().isEmpty() ? "4xx" : c.http());
        }
        if (!String.valueOf(answer.headers().get("content-type")).startsWith("application/json")) {
            return "not a JSON answer";
        }
        var body = answer.json();
        if (!body.has("status_code") || !body.has("timestamp") || !body.has("status_message")) {
            return "not an OCPI envelope";
        }
        if (body.has("data") && !body.get("data").isNull()) {
            return "data in an error answer";
        }
        if (c.ocpiStatus() > 0 && answer.ocpiStatus() != c.ocpiStatus()) {
            return "status_code " + answer.ocpiStatus() + ", expected " + c.ocpiStatus();
        }
        if (c.ocpiStatus() < 0 && (answer.ocpiStatus() < 2000 || answer.ocpiStatus() > 2999)) {
            return "status_code " + answer.ocpiStatus() + ", expected 2xxx";
        }
        if (c.message() != null && !body.get("status_message").asString().contains(c.message())) {
            return "status_message does not name '" + c.message() + "'";
        }
        return null;
    }

    // ---- OCPI objects ----

    static String location(String id, String lastUpdated) {
        return Fixtures.location("NL", "SIM", id, lastUpdated, Fixtures.evse("E1", "AVAILABLE", lastUpdated));
    }

    static String session(String id, String lastUpdated) {
        return """
                {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"2026-03-02T10:00:00Z","kwh":1.5,
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"RFID","contract_id":"NL-RYY-C00001"},
                 "auth_method":"WHITELIST","location_id":"LOC1","evse_uid":"E1","connector_id":"1","currency":"EUR",
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":1.5}]}],
                 "status":"ACTIVE","last_updated":"%s"}""".formatted(id, lastUpdated);
    }

    static String cdr(String id) {
        return """
                {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"2026-03-02T10:00:00Z",
                 "end_date_time":"2026-03-02T11:00:00Z","session_id":"S1",
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"RFID","contract_id":"NL-RYY-C00001"},
                 "auth_method":"WHITELIST","cdr_location":{"id":"LOC1","address":"Keizersgracht 1","city":"Amsterdam",
                  "country":"NLD","coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"E1",
                  "evse_id":"NL*SIM*EE1","connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                  "connector_power_type":"AC_3_PHASE"},"currency":"EUR",
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","dimensions":[{"type":"ENERGY","volume":20}]}],
                 "total_cost":{"excl_vat":7.00,"incl_vat":8.47},"total_energy":20,"total_time":1,
                 "last_updated":"2026-03-02T11:05:00Z"}""".formatted(id);
    }

    static String credentials(String theirToken, String versionsUrl) {
        return """
                {"token":"%s","url":"%s","roles":[{"role":"CPO","party_id":"SIM","country_code":"NL",
                 "business_details":{"name":"Hostile CPO"}}]}""".formatted(theirToken, versionsUrl);
    }

    static String activeProfile(String unit) {
        return """
                {"start_date_time":"%s","charging_profile":{"charging_rate_unit":"%s",
                 "charging_profile_period":[{"start_period":0,"limit":11000}]}}""".formatted(T0, unit);
    }

    static String clientInfo(String cc, String pid, String status, String lastUpdated) {
        return """
                {"party_id":"%s","country_code":"%s","role":"CPO","status":"%s","last_updated":"%s"}"""
                .formatted(pid, cc, status, lastUpdated);
    }
}
