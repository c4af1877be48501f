package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.cposim.hub.HubSimulator;
import com.rollyy.emsp.support.Fixtures;
import com.rollyy.emsp.support.RawHttp;
import com.rollyy.emsp.support.TestHttp;

/**
 * Every receiver, fed valid objects with one field made hostile: a value outside its enum, a date
 * that is no date or lies beyond year 9999, a string over its length, a CiString id that is not
 * printable ASCII or would be a path segment of its own. Each is 2001 naming the field (HTTP 200:
 * valid JSON reached the OCPI layer), and nothing is stored, paid or announced.
 */
class HostileFieldsTest extends HostileTestSupport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonNode REMOVE = NODES.missingNode();
    private static final String FAR = "+999999999-12-31T23:59:59Z";

    private final List<Case> cases = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        world();
    }

    @Test
    void locationsAtEveryDepth() {
        String loc = "/ocpi/2.2.1/locations/NL/SIM/LOC1";
        String put = location("LOC1", T1);
        field("PUT", loc, put, "parking_type", text("NOPE"), "parking_type");
        field("PUT", loc, put, "facilities", array("SPACEPORT"), "facilities");
        field("PUT", loc, put, "publish", text("yes"), "publish");
        field("PUT", loc, put, "last_updated", text("2026-13-45T99:99:99Z"), "last_updated");
        field("PUT", loc, put, "last_updated", text(FAR), "last_updated");
        field("PUT", loc, put, "last_updated", text("+10000-01-01T00:00:00Z"), "last_updated");
        field("PUT", loc, put, "last_updated", text("yesterday"), "last_updated");
        field("PUT", loc, put, "last_updated", NODES.numberNode(1_700_000_000L), "last_updated");
        field("PUT", loc, put, "name", text("n".repeat(256)), "name");
        field("PUT", loc, put, "address", text("a".repeat(100_000)), "address");
        field("PUT", loc, put, "city", text(""), "city");
        field("PUT", loc, put, "country", text("nl"), "country");
        field("PUT", loc, put, "coordinates.latitude", text("91.0000001x"), "coordinates.latitude");
        field("PUT", loc, put, "coordinates.latitude", NODES.numberNode(52.37403), "coordinates.latitude");
        field("PUT", loc, put, "time_zone", REMOVE, "time_zone");
        field("PUT", loc, put, "id", text("LOC9"), "id");
        field("PUT", loc, put, "evses[0].status", text("BROKEN"), "evses[0].status");
        field("PUT", loc, put, "evses[0].uid", text("E".repeat(37)), "evses[0].uid");
        field("PUT", loc, put, "evses[0].uid", text("E\u0001"), "evses[0].uid");
        field("PUT", loc, put, "evses[0].uid", text("É1"), "evses[0].uid");
        field("PUT", loc, put, "evses[0].uid", text("E/1"), "evses[0].uid");
        field("PUT", loc, put, "evses[0].uid", text("E\\1"), "evses[0].uid");
        field("PUT", loc, put, "evses[0].connectors", NODES.arrayNode(), "evses[0].connectors");
        field("PUT", loc, put, "evses[0].connectors[0].standard", text("IEC_62196_T9"), "evses[0].connectors[0].standard");
        field("PUT", loc, put, "evses[0].connectors[0].max_voltage", NODES.numberNode(-230), "evses[0].connectors[0].max_voltage");
        field("PUT", loc, put, "evses[0].connectors[0].max_voltage", NODES.numberNode(99_999_999_999L),
                "evses[0].connectors[0].max_voltage");
        field("PUT", loc, put, "evses[0].connectors[0].id", text(".."), "evses[0].connectors[0].id");
        field("PUT", loc, put, "evses[0].capabilities", array("FLY"), "evses[0].capabilities");
        field("PUT", loc, put, "evses[0].last_updated", text(FAR), "evses[0].last_updated");
        field("PUT", loc, put, "opening_times", TestHttp.parse("""
                {"twentyfourseven":false,"regular_hours":[{"weekday":8,"period_begin":"08:00","period_end":"18:00"}]}"""),
                "opening_times.regular_hours[0].weekday");
        field("PUT", loc, put, "directions", TestHttp.parse("[{\"language\":\"english\",\"text\":\"x\"}]"),
                "directions[0].language");

        String evse = loc + "/E1";
        String putEvse = Fixtures.evse("E1", "CHARGING", T1);
        field("PUT", evse, putEvse, "status", text("BROKEN"), "status");
        field("PUT", evse, putEvse, "last_updated", text("2026-02-30T10:00:00Z"), "last_updated");
        field("PUT", evse, putEvse, "last_updated", text(FAR), "last_updated");
        field("PUT", evse, putEvse, "connectors[0].format", text("PLUG"), "connectors[0].format");
        field("PUT", evse, putEvse, "floor_level", text("12345"), "floor_level");
        field("PUT", evse, putEvse, "status_schedule", TestHttp.parse("[{\"period_begin\":\"nope\",\"status\":\"AVAILABLE\"}]"),
                "status_schedule[0].period_begin");

        String connector = evse + "/1";
        String putConnector = Fixtures.connector("1", T1, "T1");
        field("PUT", connector, putConnector, "standard", text("SCART"), "standard");
        field("PUT", connector, putConnector, "power_type", text("NUCLEAR"), "power_type");
        field("PUT", connector, putConnector, "tariff_ids", array("T".repeat(37)), "tariff_ids[0]");
        field("PUT", connector, putConnector, "last_updated", text(FAR), "last_updated");
        field("PUT", connector, putConnector, "terms_and_conditions", text("t".repeat(256)), "terms_and_conditions");

        String patch = "{\"last_updated\":\"" + T1 + "\"}";
        field("PATCH", loc, patch, "name", text("n".repeat(256)), "name");
        field("PATCH", loc, patch, "parking_type", text("NOPE"), "parking_type");
        field("PATCH", loc, patch, "last_updated", text(FAR), "last_updated");
        field("PATCH", loc, patch, "last_updated", REMOVE, "last_updated");
        field("PATCH", loc, patch, "coordinates", TestHttp.parse("{\"latitude\":\"x\",\"longitude\":\"4.88969\"}"),
                "coordinates.latitude");
        field("PATCH", loc, patch, "country_code", text("BE"), "country_code");
        field("PATCH", loc, patch, "evses", TestHttp.parse("[{\"uid\":\"E1\",\"status\":\"BROKEN\",\"last_updated\":\"" + T1 + "\"}]"),
                "status");
        field("PATCH", evse, patch, "status", text("BROKEN"), "status");
        field("PATCH", evse, "{\"status\":\"CHARGING\"}", "last_updated", text(FAR), "last_updated");
        field("PATCH", evse, patch, "connectors", TestHttp.parse("[{\"id\":\"1\",\"standard\":\"X\"}]"), "connectors[0].standard");
        field("PATCH", evse, patch, "uid", text("E2"), "uid");
        field("PATCH", connector, patch, "standard", text("SCART"), "standard");
        field("PATCH", connector, patch, "max_voltage", NODES.numberNode(-1), "max_voltage");
        field("PATCH", connector, patch, "last_updated", text(FAR), "last_updated");
        field("PATCH", connector, patch, "id", text("2"), "id");
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void sessions() {
        String path = "/ocpi/2.2.1/sessions/NL/SIM/S1";
        String put = session("S1", T1);
        field("PUT", path, put, "status", text("RUNNING"), "status");
        field("PUT", path, put, "auth_method", text("MAGIC"), "auth_method");
        field("PUT", path, put, "kwh", NODES.numberNode(-1), "kwh");
        field("PUT", path, put, "kwh", text("lots"), "kwh");
        field("PUT", path, put, "currency", text("euro"), "currency");
        field("PUT", path, put, "start_date_time", text("2026-03-02 10:00"), "start_date_time");
        field("PUT", path, put, "last_updated", text(FAR), "last_updated");
        field("PUT", path, put, "cdr_token.type", text("CARD"), "cdr_token.type");
        field("PUT", path, put, "cdr_token", REMOVE, "cdr_token");
        field("PUT", path, put, "cdr_token.uid", text("TOKEN\u00a01"), "cdr_token.uid");
        field("PUT", path, put, "charging_periods[0].dimensions[0].type", text("FOO"), "charging_periods[0].dimensions[0].type");
        field("PUT", path, put, "charging_periods[0].dimensions", NODES.arrayNode(), "charging_periods[0].dimensions");
        field("PUT", path, put, "location_id", text("L".repeat(37)), "location_id");
        field("PUT", path, put, "location_id", text("LOC\n1"), "location_id");
        field("PUT", path, put, "meter_id", text("m".repeat(256)), "meter_id");
        field("PUT", path, put, "total_cost", TestHttp.parse("{\"incl_vat\":1}"), "total_cost.excl_vat");
        String patch = "{\"last_updated\":\"" + T1 + "\"}";
        field("PATCH", path, patch, "status", text("RUNNING"), "status");
        field("PATCH", path, patch, "kwh", text("x"), "kwh");
        field("PATCH", path, patch, "last_updated", text(FAR), "last_updated");
        field("PATCH", path, patch, "last_updated", text("+10000-01-01T00:00:00Z"), "last_updated");
        field("PATCH", path, patch, "end_date_time", text("soon"), "end_date_time");
        field("PATCH", path, patch, "charging_periods", TestHttp.parse(
                "[{\"start_date_time\":\"bad\",\"dimensions\":[{\"type\":\"ENERGY\",\"volume\":1}]}]"), "charging_periods");
        field("PATCH", path, patch, "id", text("S2"), "id");
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void cdrsAreNeitherStoredNorPaid() {
        String path = "/ocpi/2.2.1/cdrs";
        String post = cdr("CDR9");
        field("POST", path, post, "total_cost", REMOVE, "total_cost");
        field("POST", path, post, "currency", text("eur"), "currency");
        field("POST", path, post, "cdr_location.connector_standard", text("SCART"), "cdr_location.connector_standard");
        field("POST", path, post, "cdr_location.coordinates.latitude", text("0"), "cdr_location.coordinates.latitude");
        field("POST", path, post, "charging_periods", NODES.arrayNode(), "charging_periods");
        field("POST", path, post, "start_date_time", text("2026-03-02"), "start_date_time");
        field("POST", path, post, "last_updated", text(FAR), "last_updated");
        field("POST", path, post, "end_date_time", text("+10000-01-01T00:00:00Z"), "end_date_time");
        field("POST", path, post, "cdr_token.party_id", REMOVE, "cdr_token.party_id");
        field("POST", path, post, "id", text("C".repeat(40)), "id");
        field("POST", path, post, "id", text("../../versions"), "id");
        field("POST", path, post, "id", text("a/b"), "id");
        field("POST", path, post, "id", text("CDR-ü"), "id");
        field("POST", path, post, "id", text("tab\tx"), "id");
        field("POST", path, post, "id", text("\u202eCDR"), "id");
        field("POST", path, post, "id", text(".."), "id");
        field("POST", path, post, "total_energy", text("x"), "total_energy");
        field("POST", path, post, "remark", text("r".repeat(256)), "remark");
        field("POST", path, post, "credit", NODES.booleanNode(true), "credit_reference_id");
        field("POST", path, post, "total_cost.excl_vat", NODES.numberNode(-5), "total_cost");
        field("POST", path, post, "total_cost.incl_vat", NODES.numberNode(new java.math.BigDecimal("1e30")), "total_cost");
        field("POST", path, post, "auth_method", text("MAGIC"), "auth_method");
        field("PUT", path + "/CDR9", post, "id", text("CDR8"), "id");
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void aCdrIdThatNeedsEscapingIsServedWhereItsLocationHeaderPoints() {
        var before = jdbc.sql("select count(*) from payment").query(Long.class).single();
        var answer = RawHttp.send(port, "POST", "/ocpi/2.2.1/cdrs", json(auth()),
                cdr("CDR1").replace("\"id\":\"CDR1\"", "\"id\":\"A B?#%\""));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String location = answer.headers().get("location");
        assertThat(location).endsWith("/ocpi/2.2.1/cdrs/A%20B%3F%23%25");
        var served = TestHttp.request("GET", location).token(token).send();
        assertThat(served.ocpiStatus()).isEqualTo(1000);
        assertThat(served.json().get("data").get("id").asString()).isEqualTo("A B?#%");
        assertThat(jdbc.sql("select count(*) from payment").query(Long.class).single()).isEqualTo(before + 1);
    }

    @Test
    void tariffs() {
        String path = "/ocpi/2.2.1/tariffs/NL/SIM/T1";
        String put = Fixtures.tariff("NL", "SIM", "T1", T1);
        field("PUT", path, put, "elements", NODES.arrayNode(), "elements");
        field("PUT", path, put, "elements[0].price_components[0].type", text("KWH"), "elements[0].price_components[0].type");
        field("PUT", path, put, "elements[0].price_components[0].step_size", REMOVE, "elements[0].price_components[0].step_size");
        field("PUT", path, put, "elements[0].price_components[0].step_size", NODES.numberNode(-1),
                "elements[0].price_components[0].step_size");
        field("PUT", path, put, "elements[0].price_components[0].price", text("cheap"), "elements[0].price_components[0].price");
        field("PUT", path, put, "elements[1].restrictions.start_time", text("25:00"), "elements[1].restrictions.start_time");
        field("PUT", path, put, "elements[1].restrictions.day_of_week", array("FUNDAY"), "elements[1].restrictions.day_of_week");
        field("PUT", path, put, "elements[1].restrictions.start_date", text("2024-02-30"), "elements[1].restrictions.start_date");
        field("PUT", path, put, "elements[1].restrictions.end_date", text("2024-13-01"), "elements[1].restrictions.end_date");
        field("PUT", path, put, "currency", text("EURO"), "currency");
        field("PUT", path, put, "type", text("CHEAP"), "type");
        field("PUT", path, put, "last_updated", text(FAR), "last_updated");
        field("PUT", path, put, "start_date_time", text("2026-03-02T25:00:00Z"), "start_date_time");
        field("PUT", path, put, "tariff_alt_text", TestHttp.parse("[{\"language\":\"en\",\"text\":\"" + "x".repeat(513) + "\"}]"),
                "tariff_alt_text[0].text");
        field("PUT", path, put, "tariff_alt_url", text("https://" + "u".repeat(250)), "tariff_alt_url");
        field("PUT", path, put, "id", text("T\u00001"), "U+0000");
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void commandAndChargingProfileResultsAndActiveProfiles() {
        String callback = "/ocpi/2.2.1/commands/callback/" + UNKNOWN_UUID;
        String result = "{\"result\":\"ACCEPTED\"}";
        field("POST", callback, result, "result", text("MAYBE"), "result");
        field("POST", callback, result, "result", REMOVE, "result");
        field("POST", callback, result, "message", text("text"), "message");
        field("POST", callback, result, "message", TestHttp.parse("[{\"language\":\"en\",\"text\":\"" + "x".repeat(513) + "\"}]"),
                "message[0].text");
        String bodyForm = "/ocpi/2.2.1/commands/callback";
        String withId = "{\"command_id\":\"" + UNKNOWN_UUID + "\",\"result\":\"ACCEPTED\"}";
        field("POST", bodyForm, withId, "command_id", NODES.numberNode(5), "command_id");
        field("POST", bodyForm, withId, "command_id", text(""), "command_id");
        field("POST", bodyForm, withId, "result", text("MAYBE"), "result");

        String profileResult = "/ocpi/2.2.1/chargingprofiles/results/" + UNKNOWN_UUID;
        field("POST", profileResult, result, "result", text("MAYBE"), "result");
        field("POST", profileResult, result, "result", NODES.numberNode(5), "result");
        field("POST", profileResult, result, "profile", text("x"), "profile");

        String active = "/ocpi/2.2.1/chargingprofiles/S1";
        String profile = activeProfile("W");
        field("PUT", active, profile, "charging_profile.charging_rate_unit", text("XYZ"), "charging_profile.charging_rate_unit");
        field("PUT", active, profile, "charging_profile.charging_profile_period[0].limit", NODES.numberNode(-5),
                "charging_profile.charging_profile_period[0].limit");
        field("PUT", active, profile, "charging_profile.charging_profile_period[0].start_period", NODES.numberNode(-1),
                "charging_profile.charging_profile_period[0].start_period");
        field("PUT", active, profile, "start_date_time", text("now"), "start_date_time");
        field("PUT", active, profile, "start_date_time", text(FAR), "start_date_time");
        field("PUT", active, profile, "charging_profile", REMOVE, "charging_profile");
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void tokenAuthorizationRequests() {
        String path = "/ocpi/2.2.1/tokens/TOKEN1/authorize";
        String body = "{\"location_id\":\"LOC1\",\"evse_uids\":[\"E1\"]}";
        field("POST", path, body, "location_id", text("L".repeat(37)), "location_id");
        field("POST", path, body, "location_id", NODES.numberNode(5), "location_id");
        field("POST", path, body, "location_id", REMOVE, "location_id");
        field("POST", path, body, "location_id", text("LÖC1"), "location_id");
        field("POST", path, body, "evse_uids", text("E1"), "evse_uids");
        field("POST", path, body, "evse_uids", TestHttp.parse("[5]"), "evse_uids[0]");
        field("POST", path, body, "evse_uids", TestHttp.parse("[\"E\\n1\"]"), "evse_uids[0]");
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void credentialsOfARegistrationLeaveTheInvitationAsItWas() {
        String pending = invite();
        String path = "/ocpi/2.2.1/credentials";
        String body = credentials("tok-hostile-9", cpo.versionsUrl());
        var h = Map.of("Authorization", TestHttp.tokenHeader(pending));
        field(h, "POST", path, body, "token", text("has space"), "token");
        field(h, "POST", path, body, "token", text("t".repeat(65)), "token");
        field(h, "POST", path, body, "url", text("ftp://example.org/versions"), "url");
        field(h, "POST", path, body, "roles", NODES.arrayNode(), "roles");
        field(h, "POST", path, body, "roles[0].role", text("KING"), "roles[0].role");
        field(h, "POST", path, body, "roles[0].party_id", text("TOOLONG"), "roles[0].party_id");
        field(h, "POST", path, body, "roles[0].party_id", text("S\u0000M"), "U+0000");
        field(h, "POST", path, body, "roles[0].country_code", text("ü"), "roles[0].country_code");
        field(h, "POST", path, body, "roles[0].business_details", REMOVE, "roles[0].business_details");
        // a well-formed registration whose versions URL does not answer: 3001, the invitation stands
        cases.add(new Case("POST credentials with an unreachable URL", "POST", path, json(h),
                credentials("tok-hostile-9", "http://127.0.0.1:9/versions"), Set.of(200), 3001, null));
        // the registered CPO moves to an unreachable URL: 3001, its connection and token are kept
        cases.add(new Case("PUT credentials with an unreachable URL", "PUT", path, json(auth()),
                credentials("tok-hostile-9", "http://127.0.0.1:9/versions"), Set.of(200), 3001, null));
        assertThat(run(cases)).isEmpty();
        assertThat(ocpi("GET", "/ocpi/2.2.1/credentials", pending).send().ocpiStatus()).isEqualTo(1000);
        assertThat(ocpi("GET", "/ocpi/2.2.1/sessions/NL/SIM/S1", token).send().ocpiStatus()).isEqualTo(1000);
    }

    @Test
    void hubClientInfo() {
        var connected = api("POST", "/v1/roaming/connect?hub=testhub").send();
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        assertThat(HUB.pushClientInfo(HubSimulator.party("NL", "CP1"), "CONNECTED", Instant.parse(T0)).statusCode())
                .isEqualTo(1000);
        var h = Map.of("Authorization", TestHttp.tokenHeader(HUB.tokenForEmsp()));
        String path = "/ocpi/2.2.1/hubclientinfo/NL/CP1";
        String body = clientInfo("NL", "CP1", "OFFLINE", T1);
        field(h, "PUT", path, body, "status", text("GONE"), "status");
        field(h, "PUT", path, body, "role", text("KING"), "role");
        field(h, "PUT", path, body, "last_updated", text(FAR), "last_updated");
        field(h, "PUT", path, body, "last_updated", text("soon"), "last_updated");
        field(h, "PUT", path, body, "country_code", text("NLD"), "country_code");
        field(h, "PUT", path, body, "party_id", text("CP2"), "party_id");
        field(h, "PUT", path, body, "party_id", NODES.numberNode(1), "party_id");
        assertThat(run(cases)).isEmpty();
        // the spec's DateTime without Z is UTC, accepted like everywhere else
        var noZ = RawHttp.send(port, "PUT", path, json(h), clientInfo("NL", "CP1", "OFFLINE", "2026-03-04T10:00:00"));
        assertThat(noZ.ocpiStatus()).as(noZ.toString()).isEqualTo(1000);
    }

    /** Jackson's lenient defaults: a number as an enum's ordinal, a fraction or string as an int, 1 as true. */
    @Test
    void numbersAreNoEnumsAndIntsAreNotCoerced() {
        String loc = "/ocpi/2.2.1/locations/NL/SIM/LOC1";
        String evse = loc + "/E1";
        String connector = evse + "/1";
        String patch = "{\"last_updated\":\"" + T1 + "\"}";
        field("PATCH", evse, patch, "status", NODES.numberNode(5), "status");
        field("PATCH", evse, patch, "status", text("5"), "status");
        field("PATCH", evse, patch, "status", NODES.numberNode(5.0), "status");
        field("PUT", connector, Fixtures.connector("1", T1, "T1"), "standard", NODES.numberNode(3), "standard");
        field("PATCH", connector, patch, "standard", NODES.numberNode(3), "standard");
        field("PATCH", connector, patch, "max_voltage", text("230"), "max_voltage");
        field("PATCH", connector, patch, "max_voltage", NODES.numberNode(230.5), "max_voltage");
        field("PUT", loc, location("LOC1", T1), "publish", NODES.numberNode(1), "publish");
        field("PUT", loc, location("LOC1", T1), "publish", text("true"), "publish");
        field("PUT", loc, location("LOC1", T1), "parking_type", NODES.numberNode(0), "parking_type");
        String sessionPath = "/ocpi/2.2.1/sessions/NL/SIM/S1";
        field("PATCH", sessionPath, patch, "status", NODES.numberNode(1), "status");
        field("PUT", sessionPath, session("S1", T1), "status", NODES.numberNode(1), "status");
        field("PUT", sessionPath, session("S1", T1), "kwh", text("12.5"), "kwh");
        String tariff = "/ocpi/2.2.1/tariffs/NL/SIM/T1";
        String put = Fixtures.tariff("NL", "SIM", "T1", T1);
        field("PUT", tariff, put, "elements[0].price_components[0].step_size", NODES.numberNode(300.7),
                "elements[0].price_components[0].step_size");
        field("PUT", tariff, put, "elements[0].price_components[0].step_size", text("300"),
                "elements[0].price_components[0].step_size");
        field("PUT", tariff, put, "elements[0].price_components[0].type", NODES.numberNode(0),
                "elements[0].price_components[0].type");
        field("POST", "/ocpi/2.2.1/commands/callback/" + UNKNOWN_UUID, "{\"result\":\"ACCEPTED\"}", "result",
                NODES.numberNode(0), "result");
        assertThat(run(cases)).isEmpty();
    }

    // ---- building cases ----

    private void field(String method, String path, String body, String field, JsonNode value, String named) {
        field(auth(), method, path, body, field, value, named);
    }

    private void field(Map<String, String> headers, String method, String path, String body, String field,
                       JsonNode value, String named) {
        String mutated = set(body, field, value);
        String shown = value.isMissingNode() ? "removed" : abbreviate(value.toString());
        cases.add(new Case(method + " " + path + " with " + field + " " + shown, method, path, json(headers), mutated,
                Set.of(200), 2001, named.startsWith("U+") ? named : "'" + named));
    }

    /** The body with {@code path} (dots and [index]) set to {@code value}, or removed for {@link #REMOVE}. */
    static String set(String body, String path, JsonNode value) {
        ObjectNode root = (ObjectNode) TestHttp.parse(body);
        JsonNode node = root;
        String[] steps = path.split("\\.");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            boolean last = i == steps.length - 1;
            if (bracket < 0 && last) {
                if (value.isMissingNode()) {
                    ((ObjectNode) node).remove(name);
                } else {
                    ((ObjectNode) node).set(name, value);
                }
                return root.toString();
            }
            node = node.get(name);
            if (bracket >= 0) {
                int index = Integer.parseInt(step.substring(bracket + 1, step.indexOf(']')));
                if (last) {
                    ((ArrayNode) node).set(index, value);
                    return root.toString();
                }
                node = node.get(index);
            }
        }
        throw new IllegalArgumentException(path);
    }

    private static JsonNode text(String value) {
        return NODES.stringNode(value);
    }

    private static JsonNode array(String... values) {
        ArrayNode array = NODES.arrayNode();
        for (String v : values) {
            array.add(v);
        }
        return array;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    }
}
