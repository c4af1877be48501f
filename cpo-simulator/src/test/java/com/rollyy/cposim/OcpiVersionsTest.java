package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static com.rollyy.cposim.TestHttp.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.ocpi.Json;

/**
 * The simulator on OCPI 2.1.1 and 2.3.0: what the eMSP sees on the wire. Shapes follow the spec
 * texts (ocpi/ocpi tag 2.1.1: mod_locations.md §3, mod_tariffs.md §4.2, mod_sessions.md §3.1,
 * mod_cdrs.md §3.1, mod_tokens.md §3.2, mod_commands.md §3.1/§3.3, credentials.md §2.1,
 * version_information_endpoint.md; tag v2.3.0: types.asciidoc "Price class", mod_tariffs.asciidoc
 * "Tariff Object"). 2.2.1 is what every other test of this module checks.
 */
class OcpiVersionsTest {

    private static final String CONTRACT = "DE-RLY-C00000001-5";

    private CpoSimulator sim;
    private VersionedEmsp emsp;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        if (emsp != null) {
            emsp.close();
        }
    }

    private void start(String version) throws Exception {
        sim = CpoSimulator.start(SimulatorConfig.defaults().withOcpiVersion(version));
        sim.knobs().setResultDelayMillis(5).setAutoCycle(false);
        emsp = new VersionedEmsp(version);
        emsp.accepted.add("emsp-token-a");
    }

    private String auth(String token) {
        return sim.ocpiVersion().equals("2.1.1") ? raw(token) : base64(token);
    }

    @SuppressWarnings("unchecked")
    private static <T> T data(HttpResponse<String> response) {
        return (T) TestHttp.envelope(response).get("data");
    }

    // ---- configuration ----------------------------------------------------------------------------

    @Test
    void theVersionIsAConfigOptionAndACommandLineFlag() {
        assertThat(SimulatorConfig.defaults().ocpiVersion()).isEqualTo("2.2.1");
        assertThat(CpoSimulatorMain.withArguments(SimulatorConfig.defaults(), "--ocpi-version=2.1.1").ocpiVersion())
                .isEqualTo("2.1.1");
        assertThat(CpoSimulatorMain.withArguments(SimulatorConfig.defaults(), "--ocpi-version", "2.3.0").ocpiVersion())
                .isEqualTo("2.3.0");
        assertThatThrownBy(() -> CpoSimulatorMain.withArguments(SimulatorConfig.defaults(), "--ocpi-version=2.2"))
                .hasMessageContaining("--ocpi-version").hasMessageContaining("2.1.1, 2.2.1, 2.3.0");
        assertThat(CpoSimulatorMain.withArguments(SimulatorConfig.defaults(), "--ocpi-versions=2.1.1,2.2.1")
                .ocpiVersions()).containsExactly("2.2.1", "2.1.1");
        assertThatThrownBy(() -> CpoSimulatorMain.withArguments(SimulatorConfig.defaults(), "--port=1"))
                .hasMessageContaining("unknown argument: --port=1");
    }

    // ---- 2.1.1 --------------------------------------------------------------------------------------

    @Test
    void v211VersionsAndDetailsOfferOnly211WithoutRoles() throws Exception {
        start("2.1.1");
        List<Map<String, Object>> versions = data(TestHttp.send("GET", sim.versionsUrl(), raw(sim.tokenA()), null));
        assertThat(versions).containsExactly(Map.of("version", "2.1.1", "url", sim.baseUrl() + "/ocpi/2.1.1"));
        assertThat(sim.versionDetailsUrl()).isEqualTo(sim.baseUrl() + "/ocpi/2.1.1");

        Map<String, Object> details = data(TestHttp.send("GET", sim.versionDetailsUrl(), raw(sim.tokenA()), null));
        assertThat(details).containsEntry("version", "2.1.1");
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) details.get("endpoints");
        assertThat(endpoints).extracting(e -> e.get("identifier"))
                .containsExactlyInAnyOrder("credentials", "locations", "tariffs", "sessions", "cdrs", "commands", "tokens");
        assertThat(endpoints).allSatisfy(e -> {
            assertThat(e).doesNotContainKey("role");
            assertThat((String) e.get("url")).startsWith(sim.baseUrl() + "/ocpi/2.1.1/");
        });
        // the 2.2.1 tree is not there
        assertThat(TestHttp.send("GET", sim.baseUrl() + "/ocpi/2.2.1", raw(sim.tokenA()), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void v211HandshakeStartedByTheCpoSendsFlatCredentialsWithTheRawToken() throws Exception {
        start("2.1.1");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");

        VersionedEmsp.Seen post = emsp.to("credentials").get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.authorization()).isEqualTo("Token emsp-token-a");
        Map<String, Object> body = post.json();
        assertThat(body).containsOnlyKeys("token", "url", "business_details", "party_id", "country_code")
                .containsEntry("party_id", "SIM").containsEntry("country_code", "NL")
                .containsEntry("url", sim.versionsUrl());
        assertThat(sim.isRegistered()).isTrue();
        assertThat(sim.tokenForEmsp()).isEqualTo(emsp.issuedToCpo);
        // the eMSP's role-less endpoints got the roles an eMSP's modules have
        assertThat(sim.emspEndpoints()).contains(Map.of("identifier", "sessions", "role", "RECEIVER",
                "url", emsp.url("sessions")));
        assertThat(sim.emspRoles()).singleElement().satisfies(role ->
                assertThat(role).containsEntry("role", "EMSP").containsEntry("party_id", "RLY"));
    }

    @Test
    void v211HandshakeStartedByTheEmspAnswersFlatCredentials() throws Exception {
        start("2.1.1");
        emsp.accepted.add("emsp-token-b");
        HttpResponse<String> response = TestHttp.send("POST", sim.credentialsUrl(), raw(sim.tokenA()),
                TestHttp.json(emsp.credentials("emsp-token-b")));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> ours = data(response);
        assertThat(ours).containsOnlyKeys("token", "url", "business_details", "party_id", "country_code")
                .containsEntry("party_id", "SIM").containsEntry("url", sim.versionsUrl());
        assertThat(sim.tokenForEmsp()).isEqualTo("emsp-token-b");
        assertThat(sim.emspRoles()).singleElement().satisfies(role ->
                assertThat(role).containsEntry("country_code", "DE").containsEntry("party_id", "RLY"));
        // the callback went to the eMSP's 2.1.1 details, with the raw token
        assertThat(emsp.seen).anySatisfy(seen -> {
            assertThat(seen.path()).isEqualTo("/emsp/2.1.1");
            assertThat(seen.authorization()).isEqualTo("Token emsp-token-b");
        });
        assertThat(TestHttp.send("GET", sim.locationsUrl(), raw((String) ours.get("token")), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void v211LocationsAndTariffsAreServedIn211Shape() throws Exception {
        start("2.1.1");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        String token = sim.tokenIssuedToEmsp();

        HttpResponse<String> page = TestHttp.send("GET", sim.locationsUrl() + "?limit=2", raw(token), null);
        List<Map<String, Object>> locations = data(page);
        assertThat(locations).hasSize(2).allSatisfy(location -> {
            assertThat(location).doesNotContainKeys("country_code", "party_id", "publish", "parking_type")
                    .containsKeys("id", "type", "address", "coordinates", "evses");
            Map<String, Object> connector = ((List<Map<String, Object>>) ((List<Map<String, Object>>)
                    location.get("evses")).get(0).get("connectors")).get(0);
            assertThat(connector).containsKeys("voltage", "amperage", "tariff_id")
                    .doesNotContainKeys("max_voltage", "max_amperage", "tariff_ids", "max_electric_power");
        });
        assertThat(page.headers().firstValue("Link")).hasValueSatisfying(link ->
                assertThat(link).contains(sim.baseUrl() + "/ocpi/2.1.1/locations?").doesNotContain("2.2.1"));
        assertThat(page.headers().firstValue("OCPI-from-party-id")).isEmpty();

        // and pushed to the eMSP's Receivers in the same shapes
        sim.pushLocation(1);
        sim.pushTariff(1);
        VersionedEmsp.Seen pushed = emsp.to("locations").get(0);
        assertThat(pushed.path()).isEqualTo("/emsp/2.1.1/locations/NL/SIM/LOC000001");
        assertThat(pushed.json()).containsKey("type").doesNotContainKeys("country_code", "party_id", "publish");
        assertThat(emsp.to("tariffs").get(0).json()).doesNotContainKeys("country_code", "party_id")
                .extractingByKey("elements").asString().doesNotContain("vat");

        List<Map<String, Object>> tariffs = data(TestHttp.send("GET", sim.tariffsUrl(), raw(token), null));
        assertThat(tariffs).isNotEmpty().allSatisfy(tariff -> {
            assertThat(tariff).doesNotContainKeys("country_code", "party_id", "type", "min_price", "max_price");
            List<Map<String, Object>> elements = (List<Map<String, Object>>) tariff.get("elements");
            assertThat(elements).allSatisfy(element ->
                    assertThat((List<Map<String, Object>>) element.get("price_components"))
                            .allSatisfy(component -> assertThat(component).doesNotContainKey("vat")
                                    .containsKeys("type", "price", "step_size")));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void v211StartSessionPushesSessionAndCdrIn211Shape() throws Exception {
        start("2.1.1");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        String token = sim.tokenIssuedToEmsp();
        Map<String, Object> location = Json.exactObject(sim.locationJson(1));
        Map<String, Object> evse = ((List<Map<String, Object>>) location.get("evses")).get(0);

        Map<String, Object> start = new LinkedHashMap<>();
        start.put("response_url", emsp.url("commands/START_SESSION/1"));
        start.put("token", token211());
        start.put("location_id", location.get("id"));
        start.put("evse_uid", evse.get("uid"));
        HttpResponse<String> answer = TestHttp.send("POST", sim.commandsUrl() + "/START_SESSION", raw(token),
                TestHttp.json(start));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) data(answer)).isEqualTo(Map.of("result", "ACCEPTED"));  // no timeout in 2.1.1

        FakeEmsp.await("the session PUT", () -> !emsp.to("sessions").isEmpty());
        FakeEmsp.await("the command result", () -> !emsp.to("commands").isEmpty());
        assertThat(emsp.to("commands").get(0).json()).isEqualTo(Map.of("result", "ACCEPTED"));
        VersionedEmsp.Seen put = emsp.to("sessions").get(0);
        String sessionId = sim.sessions().get(0).id();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/emsp/2.1.1/sessions/NL/SIM/" + sessionId);
        assertThat(put.authorization()).isEqualTo(raw(sim.tokenForEmsp()));
        assertThat(put.hasHeader("OCPI-from-party-id")).isFalse();
        Map<String, Object> session = put.json();
        assertThat(session).containsEntry("auth_id", CONTRACT).containsKeys("start_datetime", "location", "kwh", "status")
                .doesNotContainKeys("cdr_token", "start_date_time", "location_id", "evse_uid", "connector_id",
                        "country_code", "party_id", "authorization_reference");
        assertThat((String) session.get("start_datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        Map<String, Object> embedded = (Map<String, Object>) session.get("location");
        assertThat(embedded).containsEntry("id", location.get("id")).containsKey("type");
        assertThat((List<Map<String, Object>>) embedded.get("evses")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("uid", evse.get("uid")));

        sim.advanceSession(sessionId, new BigDecimal("5"), Duration.ofMinutes(30));
        sim.stopSession(sessionId);
        assertThat(sim.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(emsp.to("sessions")).anySatisfy(call -> assertThat(call.json())
                .containsKey("charging_periods").doesNotContainKey("total_cost").isNotNull());
        VersionedEmsp.Seen post = emsp.to("cdrs").get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/emsp/2.1.1/cdrs");
        Map<String, Object> cdr = post.json();
        assertThat(cdr).containsEntry("auth_id", CONTRACT)
                .containsKeys("id", "start_date_time", "stop_date_time", "location", "currency", "charging_periods",
                        "total_energy", "total_time", "last_updated")
                .doesNotContainKeys("session_id", "cdr_token", "end_date_time", "cdr_location", "country_code",
                        "party_id", "total_energy_cost");
        assertThat(cdr.get("total_cost")).isInstanceOf(Number.class);
        assertThat(((Map<String, Object>) cdr.get("location"))).containsEntry("id", location.get("id"));

        // the Sessions and CDRs Senders answer the same shapes
        List<Map<String, Object>> served = data(TestHttp.send("GET", sim.cdrsUrl(), raw(token), null));
        assertThat(served).singleElement().satisfies(c -> assertThat(c).containsEntry("auth_id", CONTRACT)
                .containsKey("stop_date_time").doesNotContainKeys("session_id", "cdr_token"));
        List<Map<String, Object>> sessions = data(TestHttp.send("GET", sim.sessionsUrl() + "?date_from=2020-01-01T00:00:00Z", raw(token), null));
        assertThat(sessions).singleElement().satisfies(s -> assertThat(s).containsKeys("start_datetime", "end_datetime")
                .containsEntry("auth_id", CONTRACT).containsEntry("status", "COMPLETED"));
    }

    @Test
    void v211TokensArePushedAndServedIn211Shape() throws Exception {
        start("2.1.1");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        String token = sim.tokenIssuedToEmsp();
        Map<String, Object> robot = token211();
        robot.put("uid", "ROBOT-0002");

        HttpResponse<String> put = TestHttp.send("PUT", sim.tokensUrl() + "/DE/RLY/ROBOT-0002", raw(token),
                TestHttp.json(robot));
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(sim.token("DE", "RLY", "ROBOT-0002", "OTHER")).hasValueSatisfying(held ->
                assertThat(held).containsEntry("contract_id", CONTRACT).containsEntry("country_code", "DE"));

        // 2.1.1 URLs name the uid only: a PATCH and a GET find the OTHER token without ?type=
        HttpResponse<String> patch = TestHttp.send("PATCH", sim.tokensUrl() + "/DE/RLY/ROBOT-0002", raw(token),
                "{\"valid\":false,\"last_updated\":\"2026-01-02T00:00:00Z\"}");
        assertThat(TestHttp.envelope(patch)).containsEntry("status_code", 1000);
        Map<String, Object> other = data(TestHttp.send("GET", sim.tokensUrl() + "/DE/RLY/ROBOT-0002", raw(token), null));
        assertThat(other).containsEntry("type", "OTHER").containsEntry("valid", false).containsEntry("auth_id", CONTRACT);

        Map<String, Object> rfid = token211();
        rfid.put("uid", "CARD-1");
        rfid.put("type", "RFID");
        TestHttp.send("PUT", sim.tokensUrl() + "/DE/RLY/CARD-1", raw(token), TestHttp.json(rfid));
        Map<String, Object> served = data(TestHttp.send("GET", sim.tokensUrl() + "/DE/RLY/CARD-1", raw(token), null));
        assertThat(served).containsEntry("auth_id", CONTRACT).containsEntry("uid", "CARD-1")
                .doesNotContainKeys("contract_id", "country_code", "party_id");

        // a field missing in 2.1.1 terms is named as 2.1.1 names it
        rfid.remove("auth_id");
        Map<String, Object> refused = TestHttp.envelope(TestHttp.send("PUT", sim.tokensUrl() + "/DE/RLY/CARD-1",
                raw(token), TestHttp.json(rfid)));
        assertThat(refused).containsEntry("status_code", 2001);
        assertThat((String) refused.get("status_message")).contains("auth_id");
    }

    private static Map<String, Object> token211() {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("uid", "ROBOT-0001");
        token.put("type", "OTHER");
        token.put("auth_id", CONTRACT);
        token.put("issuer", "Rollyy");
        token.put("valid", true);
        token.put("whitelist", "NEVER");
        token.put("last_updated", "2026-01-01T00:00:00Z");
        return token;
    }

    // ---- 2.3.0 --------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void v230HandshakeBothWaysUsesRolesAndThe230Tree() throws Exception {
        start("2.3.0");
        Map<String, Object> details = data(TestHttp.send("GET", sim.versionDetailsUrl(), base64(sim.tokenA()), null));
        assertThat(details).containsEntry("version", "2.3.0");
        assertThat((List<Map<String, Object>>) details.get("endpoints")).allSatisfy(e -> {
            assertThat(e).containsKey("role");
            assertThat((String) e.get("url")).startsWith(sim.baseUrl() + "/ocpi/2.3.0/");
        });

        // eMSP-initiated, with a hub_party_id the simulator (a CPO) does not need
        emsp.accepted.add("emsp-token-b");
        Map<String, Object> credentials = emsp.credentials("emsp-token-b");
        credentials.put("hub_party_id", "DE-HUB");
        HttpResponse<String> response = TestHttp.send("POST", sim.credentialsUrl(), base64(sim.tokenA()),
                TestHttp.json(credentials));
        Map<String, Object> ours = data(response);
        assertThat((List<Map<String, Object>>) ours.get("roles")).singleElement()
                .satisfies(role -> assertThat(role).containsEntry("role", "CPO").containsEntry("party_id", "SIM"));
        assertThat(emsp.seen).anySatisfy(seen -> assertThat(seen.path()).isEqualTo("/emsp/2.3.0"));

        // and CPO-initiated, on a fresh simulator
        sim.close();
        sim = CpoSimulator.start(SimulatorConfig.defaults().withOcpiVersion("2.3.0"));
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        assertThat(emsp.to("credentials")).last().satisfies(post -> {
            assertThat(post.authorization()).isEqualTo(base64("emsp-token-a"));
            assertThat(post.json()).containsKey("roles");
        });
        assertThat(sim.emspEndpointUrl("cdrs")).contains(emsp.url("cdrs"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void v230TariffsSayTaxIncludedAndCdrsCarryTaxes() throws Exception {
        start("2.3.0");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        String token = sim.tokenIssuedToEmsp();

        List<Map<String, Object>> tariffs = data(TestHttp.send("GET", sim.tariffsUrl(), base64(token), null));
        assertThat(tariffs).isNotEmpty().allSatisfy(tariff -> assertThat(tariff).containsEntry("tax_included", "NO"));

        Map<String, Object> location = Json.exactObject(sim.locationJson(1));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("response_url", emsp.url("commands/START_SESSION/1"));
        start.put("token", CycleTestSupport.token());
        start.put("location_id", location.get("id"));
        start.put("authorization_reference", "job-230");
        Map<String, Object> answer = data(TestHttp.send("POST", sim.commandsUrl() + "/START_SESSION", base64(token),
                TestHttp.json(start)));
        assertThat(answer).containsEntry("result", "ACCEPTED").containsKey("timeout");
        FakeEmsp.await("the session PUT", () -> !emsp.to("sessions").isEmpty());
        String sessionId = sim.sessions().get(0).id();
        sim.advanceSession(sessionId, new BigDecimal("5"), Duration.ofMinutes(30));
        sim.stopSession(sessionId);
        assertThat(sim.awaitIdle(Duration.ofSeconds(5))).isTrue();

        Map<String, Object> cdr = emsp.to("cdrs").get(0).json();
        assertThat(cdr).containsEntry("session_id", sessionId).containsEntry("authorization_reference", "job-230")
                .containsKeys("cdr_token", "cdr_location", "end_date_time");
        Map<String, Object> total = (Map<String, Object>) cdr.get("total_cost");
        assertThat(total).containsKey("before_taxes").doesNotContainKeys("excl_vat", "incl_vat");
        assertThat((List<Map<String, Object>>) total.get("taxes")).singleElement()
                .satisfies(tax -> assertThat(tax).containsEntry("name", "VAT").containsKey("amount"));
        assertThat((List<Map<String, Object>>) cdr.get("tariffs")).allSatisfy(tariff ->
                assertThat(tariff).containsEntry("tax_included", "NO"));
        assertThat(emsp.to("sessions")).allSatisfy(call -> assertThat(call.json().get("total_cost"))
                .satisfiesAnyOf(cost -> assertThat(cost).isNull(),
                        cost -> assertThat((Map<String, Object>) cost).containsKey("before_taxes")
                                .doesNotContainKey("excl_vat")));
    }

    // ---- several versions at once ---------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void severalVersionsAreOfferedAndTheSimulatorSpeaksTheOneTheEmspRegisteredOn() throws Exception {
        sim = CpoSimulator.start(SimulatorConfig.defaults().withOcpiVersions(List.of("2.1.1", "2.2.1")));
        assertThat(sim.ocpiVersions()).containsExactly("2.2.1", "2.1.1");
        List<Map<String, Object>> versions = data(TestHttp.send("GET", sim.versionsUrl(), base64(sim.tokenA()), null));
        assertThat(versions).containsExactly(
                Map.of("version", "2.2.1", "url", sim.baseUrl() + "/ocpi/2.2.1"),
                Map.of("version", "2.1.1", "url", sim.baseUrl() + "/ocpi/2.1.1"));
        Map<String, Object> details211 = data(TestHttp.send("GET", sim.baseUrl() + "/ocpi/2.1.1", raw(sim.tokenA()), null));
        assertThat((List<Map<String, Object>>) details211.get("endpoints")).allSatisfy(e -> assertThat(e)
                .doesNotContainKey("role"));

        // a 2.1.1 eMSP registers on the 2.1.1 credentials endpoint
        emsp = new VersionedEmsp("2.1.1");
        emsp.accepted.add("emsp-token-b");
        HttpResponse<String> response = TestHttp.send("POST", sim.baseUrl() + "/ocpi/2.1.1/credentials",
                raw(sim.tokenA()), TestHttp.json(emsp.credentials("emsp-token-b")));
        assertThat((Map<String, Object>) data(response)).containsKey("party_id").doesNotContainKey("roles");
        assertThat(sim.ocpiVersion()).isEqualTo("2.1.1");
        String token = (String) ((Map<String, Object>) data(response)).get("token");

        sim.pushLocation(1);
        assertThat(emsp.to("locations").get(0).json()).containsKey("type").doesNotContainKey("country_code");
        // each tree answers in its own version
        List<Map<String, Object>> on221 = data(TestHttp.send("GET", sim.baseUrl() + "/ocpi/2.2.1/locations", base64(token), null));
        List<Map<String, Object>> on211 = data(TestHttp.send("GET", sim.baseUrl() + "/ocpi/2.1.1/locations", raw(token), null));
        assertThat(on221.get(0)).containsKeys("country_code", "parking_type");
        assertThat(on211.get(0)).containsKey("type").doesNotContainKey("country_code");
    }

    @Test
    void registeringWithSeveralVersionsPicksTheHighestTheEmspAlsoOffers() throws Exception {
        sim = CpoSimulator.start(SimulatorConfig.defaults().withOcpiVersions(List.of("2.1.1", "2.2.1", "2.3.0")));
        emsp = new VersionedEmsp("2.1.1");
        emsp.accepted.add("emsp-token-a");
        sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        assertThat(sim.ocpiVersion()).isEqualTo("2.1.1");
        assertThat(emsp.to("credentials").get(0).json()).containsKey("party_id").doesNotContainKey("roles");

        try (FakeEmsp modern = new FakeEmsp()) {
            modern.accepted.add("modern-a");
            try (CpoSimulator other = CpoSimulator.start(
                    SimulatorConfig.defaults().withOcpiVersions(List.of("2.1.1", "2.2.1")))) {
                other.registerWith(modern.versionsUrl(), "modern-a");
                assertThat(other.ocpiVersion()).isEqualTo("2.2.1");
            }
        }
    }
}
