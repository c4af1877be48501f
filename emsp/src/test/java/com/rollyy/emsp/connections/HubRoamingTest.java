package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.hub.HubSimulator;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.Fixtures;
import com.rollyy.emsp.support.TestHttp;

/** Roaming through a hub: connect, status, per-party ownership, HubClientInfo, commands routed to a party. */
class HubRoamingTest extends EmspIntegrationTest {

    private static final HubSimulator.Party CP1 = HubSimulator.party("NL", "CP1");
    private static final HubSimulator.Party CP2 = HubSimulator.party("BE", "CP2");
    private static final String T0 = "2026-01-01T10:00:00Z";

    @Test
    void unknownOrIncompleteHubConfigurationIsNamed() {
        var hubject = api("POST", "/v1/roaming/connect?hub=hubject").send();
        assertThat(hubject.status()).isEqualTo(400);
        assertThat(hubject.json().get("error").asString()).isEqualTo("hub_not_configured");
        assertThat(hubject.json().get("message").asString()).contains("rollyy.hubs.hubject.versions-url",
                "rollyy.hubs.hubject.token", "rollyy.hubs.hubject.country-code", "rollyy.hubs.hubject.party-id");

        var unknown = api("POST", "/v1/roaming/connect?hub=nohub").send();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asString()).isEqualTo("unknown_hub");
        assertThat(api("POST", "/v1/roaming/connect?hub=gireve").header("X-API-Key", "wrong").send().status())
                .isEqualTo(401);
    }

    @Test
    void gireveRegistersWithUsSoConnectHandsOutAnInvitation() {
        var response = api("POST", "/v1/roaming/connect?hub=gireve").send();
        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("status").asString()).isEqualTo("awaiting_hub");
        assertThat(body.get("hub").asString()).isEqualTo("gireve");
        assertThat(body.get("token").asString()).isNotBlank();
        assertThat(body.get("versions_url").asString()).isEqualTo(versionsUrl());

        JsonNode connection = api("GET", "/v1/roaming/status").send().json().get("connections").get(0);
        assertThat(connection.get("type").asString()).isEqualTo("hub");
        assertThat(connection.get("hub").asString()).isEqualTo("gireve");
        assertThat(connection.get("status").asString()).isEqualTo("invited");
    }

    @Test
    void connectsToTheHubAndTellsHubFromDirect() {
        JsonNode connected = connectHub();
        assertThat(connected.get("hub").asString()).isEqualTo("testhub");
        assertThat(HUB.registered()).isTrue();
        registerWithSimulator();
        HUB.pushClientInfo(CP1, "CONNECTED", Instant.parse(T0));

        JsonNode status = api("GET", "/v1/roaming/status").send().json();
        assertThat(status.get("hubs_connected").asInt()).isEqualTo(1);
        assertThat(status.get("direct_connected").asInt()).isEqualTo(1);
        JsonNode hub = status.get("connections").get(0);
        assertThat(hub.get("connection_id").asString()).isEqualTo(connected.get("connection_id").asString());
        assertThat(hub.get("type").asString()).isEqualTo("hub");
        assertThat(hub.get("status").asString()).isEqualTo("active");
        assertThat(hub.get("country_code").asString() + "/" + hub.get("party_id").asString()).isEqualTo("DE/HUB");
        assertThat(hub.get("modules").toString()).contains("commands", "locations");
        assertThat(hub.get("parties").get(0).get("party_id").asString()).isEqualTo("CP1");
        assertThat(status.get("connections").get(1).get("type").asString()).isEqualTo("direct");
        assertThat(status.get("connections").get(1).has("parties")).isFalse();
    }

    @Test
    void hubClientInfoIsStoredPerHubAndOlderUpdatesAreIgnored() {
        connectHub();
        assertThat(HUB.pushClientInfo(CP1, "CONNECTED", Instant.parse("2026-01-01T10:00:00Z")).statusCode())
                .isEqualTo(1000);
        assertThat(HUB.pushClientInfo(CP1, "OFFLINE", Instant.parse("2026-01-01T09:00:00Z")).statusCode())
                .isEqualTo(1000);
        var bad = HUB.send("PUT", "hubclientinfo", "/NL/CP1", null, """
                {"party_id":"CP1","country_code":"NL","role":"CPO","status":"GONE","last_updated":"%s"}"""
                .formatted(T0));
        assertThat(bad.statusCode()).isEqualTo(2001);
        assertThat(bad.body()).contains("'status'");
        var noHeaders = HUB.send("GET", "hubclientinfo", "/NL/CP1", null, null);
        assertThat(noHeaders.statusCode()).isEqualTo(1000);
        assertThat(noHeaders.body()).contains("\"status\":\"CONNECTED\"");
        assertThat(noHeaders.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("ocpi-from"));
    }

    @Test
    void partiesBehindOneHubOwnOnlyTheirOwnObjects() {
        connectHub();
        HUB.pushClientInfo(CP1, "CONNECTED", Instant.parse(T0));
        HUB.pushClientInfo(CP2, "CONNECTED", Instant.parse(T0));
        var put1 = HUB.send("PUT", "locations", "/NL/CP1/LOC1", CP1, location(CP1, "LOC1", T0));
        assertThat(put1.statusCode()).isEqualTo(1000);
        assertThat(put1.headers().get("ocpi-to-party-id")).containsExactly("CP1");
        assertThat(HUB.send("PUT", "locations", "/BE/CP2/LOC2", CP2, location(CP2, "LOC2", T0)).statusCode())
                .isEqualTo(1000);

        // CP1 tries to overwrite CP2's Location: refused, nothing changed
        var hijack = HUB.send("PUT", "locations", "/BE/CP2/LOC2", CP1,
                location(CP2, "LOC2", "2026-01-02T10:00:00Z"));
        assertThat(hijack.httpStatus()).isEqualTo(404);
        assertThat(hijack.statusCode()).isEqualTo(2001);
        assertThat(locationLastUpdated("LOC2")).isEqualTo(T0);

        // a party the hub never reported may not write, even as its own sender
        var stranger = HubSimulator.party("FR", "XXX");
        assertThat(HUB.send("PUT", "locations", "/FR/XXX/LOC9", stranger, location(stranger, "LOC9", T0))
                .statusCode()).isEqualTo(2001);

        // no routing headers from a hub: 2001 naming them
        var bare = HUB.send("PUT", "locations", "/NL/CP1/LOC1", null, location(CP1, "LOC1", T0));
        assertThat(bare.statusCode()).isEqualTo(2001);
        assertThat(bare.body()).contains("OCPI-from-country-code", "OCPI-to-party-id");
    }

    @Test
    void aHubCannotSpeakForADirectCposPartyOrForUsEvenIfItReportsThem() throws Exception {
        cpo.registerWith(versionsUrl(), invite()); // the simulator NL/SIM, connected directly
        connectHub();
        var sim = HubSimulator.party("NL", "SIM");
        var us = HubSimulator.party("NL", "RYY");
        HUB.pushClientInfo(sim, "CONNECTED", Instant.parse(T0));
        HUB.pushClientInfo(us, "CONNECTED", Instant.parse(T0));
        var asSim = HUB.send("PUT", "locations", "/NL/SIM/LOC-HIJACK", sim, location(sim, "LOC-HIJACK", T0));
        assertThat(asSim.httpStatus()).isEqualTo(404);
        assertThat(asSim.statusCode()).isEqualTo(2001);
        assertThat(HUB.send("PUT", "locations", "/NL/RYY/LOC-US", us, location(us, "LOC-US", T0)).statusCode())
                .isEqualTo(2001);
        assertThat(jdbc.sql("select count(*) from location where id in ('LOC-HIJACK', 'LOC-US')").query(Long.class)
                .single()).isZero();
    }

    @Test
    void startIsRoutedToTheEvsesPartyAndAnOfflinePartyFailsFast() {
        connectHub();
        HUB.pushClientInfo(CP1, "CONNECTED", Instant.parse(T0));
        HUB.pushClientInfo(CP2, "CONNECTED", Instant.parse(T0));
        HUB.send("PUT", "locations", "/NL/CP1/LOC1", CP1, location(CP1, "LOC1", T0));
        HUB.send("PUT", "locations", "/BE/CP2/LOC2", CP2, location(CP2, "LOC2", T0));

        String job = newJob();
        var started = start(job, "LOC2");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(HUB.commands()).hasSize(1);
        assertThat(HUB.commands().get(0).to()).isEqualTo(CP2);
        assertThat(HUB.commands().get(0).from()).isEqualTo(HubSimulator.party("NL", "RYY"));
        // the hub answers as CP2: the session it pushes as CP2 is matched to the job
        await().atMost(Duration.ofSeconds(10)).until(() -> api("GET", "/ocpi/2.2.1/sessions/job/" + job).send()
                .json().path("ocpi_session_id").asString("").startsWith("HUB-CP2-"));

        HUB.pushClientInfo(CP1, "OFFLINE", Instant.parse("2026-01-01T11:00:00Z"));
        var refused = start(newJob(), "LOC1");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).isEqualTo("party_not_connected");
        assertThat(HUB.commands()).hasSize(1);
    }

    /**
     * Gireve sends no HubClientInfo by default (supports-hubclientinfo false): a party it never
     * reported is served, but one it did report OFFLINE gets no command, as for any hub.
     */
    @Test
    void aPartyReportedOfflineGetsNoCommandEvenFromAHubWithoutHubClientInfo() {
        String connectionId = connectHub().get("connection_id").asString();
        // the same hub, read with Gireve's settings (hub party FR/107, no HubClientInfo checks)
        jdbc.sql("update connection set hub = 'gireve' where id = ?::uuid").param(connectionId).update();
        HUB.send("PUT", "locations", "/NL/CP1/LOC1", CP1, location(CP1, "LOC1", T0));
        HUB.send("PUT", "locations", "/BE/CP2/LOC2", CP2, location(CP2, "LOC2", T0));
        assertThat(start(newJob(), "LOC2").status()).as("never reported: served").isEqualTo(200);
        assertThat(HUB.commands()).hasSize(1);

        HUB.pushClientInfo(CP1, "OFFLINE", Instant.parse(T0));
        var refused = start(newJob(), "LOC1");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).isEqualTo("party_not_connected");
        assertThat(refused.json().get("message").asString()).contains("NL/CP1", "OFFLINE");
        assertThat(HUB.commands()).as("nothing sent").hasSize(1);

        HUB.pushClientInfo(CP1, "CONNECTED", Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(start(newJob(), "LOC1").status()).isEqualTo(200);
        assertThat(HUB.commands()).hasSize(2);
    }

    private JsonNode connectHub() {
        var response = api("POST", "/v1/roaming/connect?hub=testhub").send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("status").asString()).isEqualTo("connected");
        return response.json();
    }

    private String newJob() {
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-1","job_type":"charging","vehicle_id":"EV-1"}""").send();
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("rollyy_id").asString();
    }

    private TestHttp.Response start(String jobId, String locationId) {
        return api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"E1"}""".formatted(jobId, locationId)).send();
    }

    private static String location(HubSimulator.Party party, String id, String lastUpdated) {
        return Fixtures.location(party.countryCode(), party.partyId(), id, lastUpdated,
                Fixtures.evse("E1", "AVAILABLE", lastUpdated));
    }

    private String locationLastUpdated(String id) {
        for (JsonNode l : api("GET", "/ocpi/2.2.1/locations?limit=5").send().json().get("data")) {
            if (l.get("id").asString().equals(id)) {
                return l.get("last_updated").asString();
            }
        }
        throw new AssertionError("no Location " + id);
    }
}
