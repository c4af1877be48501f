package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;

/**
 * A CPO that lost its state registers again as the same party: its Locations and Tariffs come
 * back under the new connection, the old connection's EVSEs stop looking usable the moment it
 * is unregistered, and STARTs work again by asset id and by Location + EVSE uid.
 */
class ReOnboardingTest extends ChargingFlowSupport {

    @Test
    void unregisteredWithForceThenRegisteredAgainTheSamePartyGetsEverythingBack() {
        connect();
        String old = connectionId;
        int locations = count("location");
        int tariffs = count("tariff");
        int evses = api("GET", "/v1/charging-assets?limit=500").send().json().size();
        assertThat(asset.get("connection_id").asString()).isEqualTo(old);
        assertThat(asset.get("cpo_name").asString()).isEqualTo("Simulated CPO");
        assertThat(asset.get("cpo_party_id").asString()).isEqualTo("SIM");

        cpo.close(); // the CPO lost its state: it cannot confirm an unregistration
        assertThat(api("DELETE", "/ocpi/connections/" + old).send().status()).isEqualTo(422);
        var forced = api("DELETE", "/ocpi/connections/" + old + "?force=true").send();
        assertThat(forced.json().get("status").asString()).isEqualTo("unregistered");

        // retired at once: not listed, not available, not startable
        assertThat(api("GET", "/v1/charging-assets?limit=500").send().json().size()).isZero();
        assertThat(api("GET", "/v1/charging-assets?available=true&include_inactive=true").send().json().size())
                .isZero();
        JsonNode retired = api("GET", "/v1/charging-assets?limit=500&include_inactive=true").send().json();
        assertThat(retired.size()).isEqualTo(evses);
        retired.forEach(a -> {
            assertThat(a.get("status").asString()).isEqualTo("UNKNOWN");
            assertThat(a.get("startable").asBoolean()).isFalse();
            assertThat(a.get("start_blockers").toString()).contains("connection_inactive");
            assertThat(a.get("connection_status").asString()).isEqualTo("unregistered");
        });
        String assetId = asset.get("asset_id").asString();
        assertThat(api("GET", "/v1/charging-assets/" + assetId).send().json().get("status").asString())
                .isEqualTo("UNKNOWN");
        var refused = startByAsset(newJob(), assetId);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asString()).isEqualTo("connection_inactive");

        // the same party comes back with a fresh state and a new handshake
        cpo = CpoSimulator.start();
        connectionId = registerWithSimulator();
        assertThat(connectionId).isNotEqualTo(old);
        var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send();
        assertThat(pulled.json().get("rejected").asInt()).as(pulled.toString()).isZero();
        assertThat(pulled.json().get("synced").asInt()).isEqualTo(locations);
        var pulledTariffs = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId).send();
        assertThat(pulledTariffs.json().get("rejected").asInt()).as(pulledTariffs.toString()).isZero();
        assertThat(pulledTariffs.json().get("synced").asInt()).isEqualTo(tariffs);
        assertThat(ownedBy("location", connectionId)).isEqualTo(locations);
        assertThat(ownedBy("tariff", connectionId)).isEqualTo(tariffs);
        assertThat(jdbc.sql("select count(*) from location where active").query(Integer.class).single())
                .isEqualTo(locations);

        // the same asset ids, now of the new connection, and STARTs work both ways
        JsonNode back = api("GET", "/v1/charging-assets/" + assetId).send().json();
        assertThat(back.get("connection_id").asString()).isEqualTo(connectionId);
        assertThat(back.get("connection_status").asString()).isEqualTo("active");
        assertThat(api("GET", "/v1/charging-assets?limit=500").send().json().size()).isEqualTo(evses);
        List<JsonNode> startable = startable();
        assertThat(startable).hasSizeGreaterThanOrEqualTo(2);
        api("GET", "/v1/charging-assets?limit=500").send().json().forEach(a -> {
            boolean remote = a.get("capabilities").size() == 0
                    || a.get("capabilities").toString().contains("REMOTE_START_STOP_CAPABLE");
            boolean available = a.get("status").asString().equals("AVAILABLE");
            assertThat(a.get("startable").asBoolean()).as(a.toString()).isEqualTo(remote && available);
            if (!available) {
                assertThat(a.get("start_blockers").toString()).contains("evse_not_available");
            }
        });

        var byAsset = startByAsset(newJob(), startable.get(0).get("asset_id").asString());
        assertThat(byAsset.status()).as(byAsset.toString()).isEqualTo(200);
        assertThat(byAsset.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        JsonNode second = startable.get(1);
        var byLocation = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(newJob(),
                second.get("location").get("id").asString(), second.get("evse_uid").asString())).send();
        assertThat(byLocation.status()).as(byLocation.toString()).isEqualTo(200);
        assertThat(byLocation.json().get("cpo_result").asString()).isEqualTo("ACCEPTED");
        assertThat(commands("START_SESSION")).isEqualTo(2);
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void whenTheCpoRegistersAgainBeforeTheOldConnectionIsRemovedThePullSaysWhyAndUnregisteringHandsOver(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        var network = com.rollyy.cposim.SimulatorConfig.defaults().withLocationCount(25);
        cpo.close();
        cpo = CpoSimulator.start(network);
        cpo.knobs().setMaxPageSize(10);
        connect();
        String old = connectionId;
        int locations = count("location");
        assertThat(locations).isEqualTo(25);
        cpo.close();
        cpo = CpoSimulator.start(network);
        cpo.knobs().setMaxPageSize(10);
        cpo.registerWith(versionsUrl(), invite()); // CPO-initiated this time
        String fresh = null;
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if (c.get("status").asString().equals("active") && !c.get("id").asString().equals(old)) {
                fresh = c.get("id").asString();
            }
        }
        assertThat(fresh).isNotNull();

        var refused = api("POST", "/ocpi/2.2.1/locations/sync/" + fresh).send();
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json().get("rejected").asInt()).isEqualTo(locations);
        JsonNode reasons = refused.json().get("rejections");
        assertThat(reasons.size()).as("the first 20 in the answer").isEqualTo(20);
        assertThat(output.getOut().lines().filter(l -> l.contains("refused: held by connection " + old)).count())
                .as("every one in the log").isEqualTo(25);
        assertThat(reasons.get(0).get("object").asString()).startsWith("NL/SIM/");
        assertThat(reasons.get(0).get("held_by_connection_id").asString()).isEqualTo(old);
        assertThat(reasons.get(0).get("reason").asString()).contains(old, "active",
                "DELETE /ocpi/connections/" + old);

        // unregistering the old one hands the party over to the one active connection that has it
        assertThat(api("DELETE", "/ocpi/connections/" + old + "?force=true").send().status()).isEqualTo(200);
        assertThat(ownedBy("location", fresh)).isEqualTo(locations);
        var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + fresh).send();
        assertThat(pulled.json().get("rejected").asInt()).isZero();
        assertThat(pulled.json().get("rejections").size()).isZero();
        connectionId = fresh;
        var started = startByAsset(newJob(), startable().get(0).get("asset_id").asString());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
    }

    private List<JsonNode> startable() {
        var list = new ArrayList<JsonNode>();
        api("GET", "/v1/charging-assets?limit=500").send().json().forEach(a -> {
            if (a.get("startable").asBoolean()) {
                list.add(a);
            }
        });
        return list;
    }

    private com.rollyy.emsp.support.TestHttp.Response startByAsset(String jobId, String assetId) {
        return api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","asset_id":"%s"}""".formatted(jobId, assetId)).send();
    }

    private int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }

    private int ownedBy(String table, String connection) {
        return jdbc.sql("select count(*) from " + table + " where connection_id = ?::uuid").param(connection)
                .query(Integer.class).single();
    }
}
