package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.TestHttp;

/**
 * A CDR may name no tariff (OCPI 2.2.1: both ways are optional). For a robot session it is
 * priced with the tariffs its connector listed when we sent START_SESSION, not with what the
 * connector lists by the time the CDR comes.
 */
class TariffsAtStartTest extends ChargingFlowSupport {

    @Test
    void aCdrNamingNoTariffIsPricedWithTheConnectorsTariffsAtStart() throws Exception {
        connect();
        cpo.knobs().setSendCdrOnStop(false);
        JsonNode connector = asset.get("connectors").get(0);
        String listedAtStart = connector.get("tariff_ids").get(0).asString();
        String jobId = newJob();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","asset_id":"%s","connector_id":"%s"}""".formatted(jobId,
                asset.get("asset_id").asString(), connector.get("id").asString())).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String sessionId = started.json().get("session_id").asString();
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();

        // the CPO moves the connector to another tariff while the robot charges
        String other = otherTariffThan(listedAtStart);
        String path = "/NL/SIM/" + asset.get("location").get("id").asString() + "/" + asset.get("evse_uid").asString()
                + "/" + connector.get("id").asString();
        var patched = cpo.pushJson("PATCH", "locations", path, """
                {"tariff_ids":["%s"],"last_updated":"%s"}""".formatted(other, Instant.now().plusSeconds(1)));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(stop(sessionId).status()).isEqualTo(200);
        awaitJob(jobId, "completed");

        var posted = cpo.pushJson("POST", "cdrs", "", bareCdr("CDR-NO-TARIFF", ocpiId, sessionId));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("cdr_id"));

        var reconciled = api("GET", "/ocpi/2.2.1/tariffs/reconcile/" + sessionId).send();
        assertThat(reconciled.status()).as(reconciled.toString()).isEqualTo(200);
        var body = reconciled.json();
        assertThat(body.get("tariff_id").asString()).isEqualTo(listedAtStart);
        assertThat(body.get("tariff_source").asString()).isEqualTo("connector_at_start");
        var issues = new ArrayList<String>();
        body.get("issues").forEach(i -> issues.add(i.asString()));
        assertThat(issues).doesNotContain("connector_tariffs_as_held_now");
    }

    @Test
    void aStartRecordsTariffIdsWithQuotes() throws Exception {
        // a tariff id is a CiString: printable ASCII, quotes included (we refuse only '/' and '\\')
        connect();
        JsonNode connector = asset.get("connectors").get(0);
        String odd = "T\"Q1";
        String path = "/NL/SIM/" + asset.get("location").get("id").asString() + "/" + asset.get("evse_uid").asString()
                + "/" + connector.get("id").asString();
        var patched = cpo.pushJson("PATCH", "locations", path, """
                {"tariff_ids":["%s"],"last_updated":"%s"}""".formatted("T\\\"Q1", Instant.now().plusSeconds(1)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.ocpiStatusCode()).as(patched.body()).isEqualTo(1000);
        String jobId = newJob();
        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("""
                {"robot_job_id":"%s","asset_id":"%s","connector_id":"%s"}""".formatted(jobId,
                asset.get("asset_id").asString(), connector.get("id").asString())).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat(jdbc.sql("select tariff_ids->>0 from job_session where id = ?")
                .param(started.json().get("session_id").asString()).query(String.class).single()).isEqualTo(odd);
    }

    private String otherTariffThan(String tariffId) {
        for (int i = 1; i <= 3; i++) {
            String id = TestHttp.parse(cpo.tariffJson(i)).get("id").asString();
            if (!id.equalsIgnoreCase(tariffId)) {
                return id;
            }
        }
        throw new AssertionError("the simulator has one tariff only");
    }

    private String bareCdr(String id, String ocpiSessionId, String reference) {
        var location = asset.get("location");
        var connector = asset.get("connectors").get(0);
        return """
                {"country_code":"NL","party_id":"SIM","id":"%s","session_id":"%s","authorization_reference":"%s",
                 "start_date_time":"%s","end_date_time":"%s",
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"%s","type":"AD_HOC_USER","contract_id":"NL-RYY-C1"},
                 "auth_method":"COMMAND",
                 "cdr_location":{"id":"%s","address":"Street 1","city":"City","country":"NLD",
                  "coordinates":{"latitude":"%s","longitude":"%s"},"evse_uid":"%s","evse_id":"NL*SIM*E1",
                  "connector_id":"%s","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                  "connector_power_type":"AC_3_PHASE"},
                 "currency":"EUR",
                 "charging_periods":[{"start_date_time":"%s","dimensions":[{"type":"ENERGY","volume":10}]}],
                 "total_cost":{"excl_vat":3.00,"incl_vat":3.63},"total_energy":10,"total_time":0.5,
                 "last_updated":"%s"}""".formatted(id, ocpiSessionId, reference, Instant.now().minusSeconds(1800),
                Instant.now(), reference, location.get("id").asString(),
                location.get("latitude").asString(), location.get("longitude").asString(),
                asset.get("evse_uid").asString(), connector.get("id").asString(), Instant.now().minusSeconds(1800),
                Instant.now());
    }
}
