package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.hub.HubSimulator;

class HubSimulatorTest {

    private FakeEmsp emsp;
    private HubSimulator hub;
    private final HubSimulator.Party cp1 = HubSimulator.party("NL", "CP1");
    private final HubSimulator.Party cp2 = HubSimulator.party("BE", "CP2");

    @BeforeEach
    void start() throws Exception {
        emsp = new FakeEmsp().withCycleEndpoints();
        emsp.extraEndpoints.add(Map.of("identifier", "locations", "role", "RECEIVER",
                "url", emsp.url("/emsp/2.2.1/locations")));
        emsp.extraEndpoints.add(Map.of("identifier", "hubclientinfo", "role", "RECEIVER",
                "url", emsp.url("/emsp/2.2.1/hubclientinfo")));
        emsp.accepted.add("emsp-b");
        hub = HubSimulator.start(HubSimulator.HubConfig.of("DE", "HUB", List.of(cp1, cp2)));
    }

    @AfterEach
    void stop() {
        hub.close();
        emsp.close();
    }

    @SuppressWarnings("unchecked")
    private String register() {
        var post = TestHttp.send("POST", hub.versionsUrl().replace("/versions", "/2.2.1/credentials"),
                base64(hub.tokenA()), TestHttp.json(emsp.credentials("emsp-b")));
        var data = (Map<String, Object>) TestHttp.envelope(post).get("data");
        assertThat(data).as(post.body()).isNotNull();
        assertThat((List<Map<String, Object>>) data.get("roles")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("role", "HUB").containsEntry("party_id", "HUB")
                        .containsEntry("country_code", "DE"));
        return (String) data.get("token");
    }

    @Test
    void presentsRoleHubAndPushesAsEachParty() {
        register();
        hub.send("PUT", "locations", "/BE/CP2/LOC2", cp2, "{}");
        var put = emsp.seen.stream().filter(s -> s.path().equals("/emsp/2.2.1/locations/BE/CP2/LOC2")).findFirst()
                .orElseThrow();
        assertThat(put.header("OCPI-from-party-id")).isEqualTo("CP2");
        assertThat(put.header("OCPI-to-country-code")).isEqualTo("DE");
        assertThat(put.header("OCPI-to-party-id")).isEqualTo("RLY");

        hub.pushClientInfo(cp1, "OFFLINE", Instant.parse("2026-01-01T00:00:00Z"));
        var info = emsp.seen.stream().filter(s -> s.path().equals("/emsp/2.2.1/hubclientinfo/NL/CP1")).findFirst()
                .orElseThrow();
        assertThat(info.header("OCPI-from-party-id")).isNull();
        assertThat(info.body()).contains("\"status\":\"OFFLINE\"");
    }

    @Test
    void answersACommandAsTheAddressedPartyAndRefusesUnknownOnes() {
        String tokenC = register();
        String commands = hub.versionsUrl().replace("/versions", "/2.2.1/commands/START_SESSION");
        String body = TestHttp.json(Map.of("response_url", emsp.responseUrl("START_SESSION", "1"),
                "token", Map.of("country_code", "DE", "party_id", "RLY", "uid", "U1", "type", "APP_USER",
                        "contract_id", "C1"),
                "location_id", "LOC2", "evse_uid", "E1", "authorization_reference", "ref-1"));
        var accepted = TestHttp.send("POST", commands, base64(tokenC), body,
                Map.of("OCPI-from-country-code", "DE", "OCPI-from-party-id", "RLY",
                        "OCPI-to-country-code", "BE", "OCPI-to-party-id", "CP2"));
        assertThat(TestHttp.envelope(accepted)).containsEntry("status_code", 1000);
        assertThat(accepted.headers().firstValue("OCPI-from-party-id")).hasValue("CP2");
        assertThat(hub.commands()).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(cp2));
        FakeEmsp.await("the session PUT as CP2", () -> emsp.sessionCalls().stream()
                .anyMatch(s -> s.path().startsWith("/emsp/2.2.1/sessions/BE/CP2/HUB-CP2-")
                        && "CP2".equals(s.header("OCPI-from-party-id"))));

        var unknown = TestHttp.send("POST", commands, base64(tokenC), body,
                Map.of("OCPI-from-country-code", "DE", "OCPI-from-party-id", "RLY",
                        "OCPI-to-country-code", "FR", "OCPI-to-party-id", "XXX"));
        assertThat(TestHttp.envelope(unknown)).containsEntry("status_code", 4001);
    }
}
