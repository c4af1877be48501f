package com.rollyy.emsp.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.cposim.ocpi.RecordedRequest;
import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** Our Tokens SENDER (list, authorize), the product API on tokens, and pushes to CPOs. */
class TokensTest extends EmspIntegrationTest {

    private JsonNode create(String json) {
        var response = api("POST", "/v1/tokens").json(json).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private JsonNode create(String uid, String type) {
        return create("{\"uid\":\"%s\",\"type\":\"%s\",\"contract_id\":\"NL-RYY-C%s\"}".formatted(uid, type, uid));
    }

    private static JsonNode json(SimResponse response) {
        return TestHttp.parse(response.body());
    }

    @Test
    void authorizeAnswersFromValidityExpiryAndType() {
        registerWithSimulator();
        create("0102", "RFID");
        create("{\"uid\":\"0102\",\"type\":\"APP_USER\",\"contract_id\":\"NL-RYY-C0102\",\"valid\":false}");
        create("{\"uid\":\"OLD\",\"type\":\"RFID\",\"contract_id\":\"NL-RYY-COLD\",\"expires_at\":\"2020-01-01T00:00:00Z\"}");

        var allowed = cpo.authorizeToken("0102", null, null); // no type: RFID
        assertThat(allowed.status()).isEqualTo(200);
        JsonNode info = json(allowed).get("data");
        assertThat(json(allowed).get("status_code").asInt()).isEqualTo(1000);
        assertThat(info.get("allowed").asString()).isEqualTo("ALLOWED");
        assertThat(info.get("token").get("uid").asString()).isEqualTo("0102");
        assertThat(info.get("token").get("type").asString()).isEqualTo("RFID");
        for (String field : new String[] {"country_code", "party_id", "contract_id", "issuer", "valid", "whitelist",
                "last_updated"}) {
            assertThat(info.get("token").has(field)).as(field).isTrue();
        }
        String reference = info.get("authorization_reference").asString();
        assertThat(reference).hasSizeLessThanOrEqualTo(36);
        assertThat(json(cpo.authorizeToken("0102", "RFID", null)).get("data").get("authorization_reference").asString())
                .isNotEqualTo(reference);

        var blocked = json(cpo.authorizeToken("0102", "APP_USER", null));
        assertThat(blocked.get("status_code").asInt()).isEqualTo(1000);
        assertThat(blocked.get("data").get("allowed").asString()).isEqualTo("BLOCKED");
        assertThat(blocked.get("data").has("authorization_reference")).isFalse();
        assertThat(json(cpo.authorizeToken("old", null, null)).get("data").get("allowed").asString())
                .isEqualTo("EXPIRED");

        var unknown = cpo.authorizeToken("NOPE", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("status_code").asInt()).isEqualTo(2004);
        assertThat(json(unknown).has("data")).isFalse();
        assertThat(json(cpo.authorizeToken("0102", "BADGE", null)).get("status_code").asInt()).isEqualTo(2001);
    }

    @Test
    void locationRestrictedTokenNeedsALocationAndChargesThereOnly() {
        registerWithSimulator();
        create("{\"uid\":\"R1\",\"type\":\"APP_USER\",\"contract_id\":\"NL-RYY-CR1\",\"allowed_location_ids\":[\"loc1\"]}");

        var missing = json(cpo.authorizeToken("R1", "APP_USER", null));
        assertThat(missing.get("status_code").asInt()).isEqualTo(2002);
        var here = json(cpo.authorizeToken("R1", "APP_USER", "{\"location_id\":\"LOC1\",\"evse_uids\":[\"E1\"]}"));
        assertThat(here.get("data").get("allowed").asString()).isEqualTo("ALLOWED");
        assertThat(here.get("data").get("location").get("location_id").asString()).isEqualTo("LOC1");
        assertThat(here.get("data").get("location").get("evse_uids").get(0).asString()).isEqualTo("E1");
        var elsewhere = json(cpo.authorizeToken("R1", "APP_USER", "{\"location_id\":\"LOC2\"}"));
        assertThat(elsewhere.get("data").get("allowed").asString()).isEqualTo("NOT_ALLOWED");
        assertThat(elsewhere.get("data").has("location")).isFalse();

        // the product's GET form: X-API-Key works, no credentials at all do not
        var byGet = api("GET", "/ocpi/2.2.1/tokens/R1/authorize?type=APP_USER").send();
        assertThat(byGet.ocpiStatus()).isEqualTo(2002);
        create("G1", "RFID");
        assertThat(api("GET", "/ocpi/2.2.1/tokens/G1/authorize").send().json().get("data").get("allowed").asString())
                .isEqualTo("ALLOWED");
        assertThat(TestHttp.request("GET", url("/ocpi/2.2.1/tokens/G1/authorize")).send().status()).isEqualTo(401);
    }

    @Test
    void listIsPaginatedByLastUpdatedWithDateFilters() {
        registerWithSimulator();
        var stamps = new String[7];
        for (int i = 0; i < 7; i++) {
            stamps[i] = create("T" + i, "RFID").get("last_updated").asString();
        }
        var first = cpo.pullTokens(null);
        assertThat(first.header("X-Total-Count")).isEqualTo("7");
        assertThat(first.header("X-Limit")).isEqualTo("5"); // the test server's maximum
        assertThat(json(first).get("data")).hasSize(5);
        assertThat(json(first).get("data").get(0).get("uid").asString()).isEqualTo("T0");
        String link = first.header("Link");
        assertThat(link).contains("offset=5").contains("rel=\"next\"");
        var last = cpo.callEmsp("GET", link.substring(1, link.indexOf('>')), null);
        assertThat(json(last).get("data")).hasSize(2);
        assertThat(last.header("Link")).isNull();

        // date_from inclusive, date_to exclusive: the boundary token is in exactly one window
        var window = cpo.pullTokens("date_from=" + stamps[2] + "&date_to=" + stamps[4] + "&limit=2");
        assertThat(window.header("X-Total-Count")).isEqualTo("2");
        assertThat(json(window).get("data")).extracting(t -> t.get("uid").asString()).containsExactly("T2", "T3");
        var limited = cpo.pullTokens("date_from=" + stamps[2] + "&limit=2");
        assertThat(limited.header("Link")).contains("date_from=").contains("offset=2").contains("limit=2");

        // a revoked token is still listed, with a newer last_updated
        api("DELETE", "/ocpi/2.2.1/tokens/T0").send();
        var after = json(cpo.pullTokens("date_from=" + stamps[6] + "&limit=5")).get("data");
        assertThat(after).extracting(t -> t.get("uid").asString()).containsExactly("T6", "T0");
        assertThat(after.get(1).get("valid").asBoolean()).isFalse();
    }

    @Test
    void createAndRevokeArePushedToEveryCpoAndRetriedWhileOneIsDown() {
        registerWithSimulator();
        try (CpoSimulator second = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("SI2"))) {
            var response = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"Second CPO","versions_url":"%s","token":"%s"}"""
                    .formatted(second.versionsUrl(), second.tokenA())).send();
            assertThat(response.status()).as(response.toString()).isEqualTo(201);

            create("0A0B", "RFID");
            await().atMost(Duration.ofSeconds(5)).until(() -> cpo.token("NL", "RYY", "0A0B", "RFID").isPresent()
                    && second.token("NL", "RYY", "0A0B", "RFID").isPresent());
            assertThat(cpo.token("NL", "RYY", "0A0B", "RFID").get()).containsEntry("valid", true)
                    .containsEntry("country_code", "NL").containsEntry("party_id", "RYY");

            second.tokenKnobs().setDown(true);
            var revoked = api("DELETE", "/ocpi/2.2.1/tokens/0a0b?type=RFID").send();
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            assertThat(revoked.json().get("revoked").asBoolean()).isTrue();
            assertThat(revoked.json().get("pushed_to").asInt()).isEqualTo(2);
            // refused at once, before any CPO has heard of it
            assertThat(json(cpo.authorizeToken("0A0B", "RFID", null)).get("data").get("allowed").asString())
                    .isEqualTo("BLOCKED");

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    Boolean.FALSE.equals(cpo.token("NL", "RYY", "0A0B", "RFID").get().get("valid")));
            RecordedRequest patch = cpo.requests().stream().filter(r -> r.method().equals("PATCH")).findFirst().orElseThrow();
            assertThat(patch.path()).isEqualTo("/ocpi/2.2.1/tokens/NL/RYY/0A0B?type=RFID");
            assertThat(TestHttp.parse(patch.body()).get("valid").asBoolean()).isFalse();
            assertThat(TestHttp.parse(patch.body()).has("last_updated")).isTrue();

            await().atMost(Duration.ofSeconds(5)).until(() -> second.requests().stream()
                    .filter(r -> r.method().equals("PATCH")).count() >= 2);
            assertThat(second.token("NL", "RYY", "0A0B", "RFID").get()).containsEntry("valid", true);
            second.tokenKnobs().setDown(false);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    Boolean.FALSE.equals(second.token("NL", "RYY", "0A0B", "RFID").get().get("valid")));
        }
    }

    @Test
    void aCpoThatConnectsGetsEveryValidTokenByPut() {
        create("{\"uid\":\"EARLY\",\"type\":\"RFID\",\"contract_id\":\"NL-RYY-CEARLY\"}");
        create("{\"uid\":\"BLOCKED\",\"type\":\"RFID\",\"contract_id\":\"NL-RYY-CBLOCK\",\"valid\":false}");
        registerWithSimulator();
        await().atMost(Duration.ofSeconds(5)).until(() -> cpo.token("NL", "RYY", "EARLY", "RFID").isPresent());
        assertThat(cpo.token("NL", "RYY", "BLOCKED", "RFID")).isEmpty();
        assertThat(cpo.requests()).filteredOn(r -> r.path().startsWith("/ocpi/2.2.1/tokens/"))
                .extracting(RecordedRequest::method).containsExactly("PUT");
    }

    @Test
    void aChangeReachesACpoThatNeverHadTheTokenByPut() {
        // not valid when the CPO connected, so never sent to it
        create("{\"uid\":\"LATE\",\"type\":\"OTHER\",\"contract_id\":\"NL-RYY-CLATE\",\"fleet_id\":\"acme\","
                + "\"valid\":false}");
        registerWithSimulator();

        var blank = api("PATCH", "/v1/tokens/LATE").json("{\"contract_id\":\" \"}").send();
        assertThat(blank.status()).as("a blank contract_id would be pushed to every CPO").isEqualTo(400);
        assertThat(blank.body()).contains("contract_id");
        var changed = api("PATCH", "/v1/tokens/LATE").json("{\"whitelist\":\"NEVER\",\"group_id\":\"G7\","
                + "\"valid\":true}").send();
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("whitelist").asString()).isEqualTo("NEVER");
        assertThat(changed.json().get("fleet_id").asString()).isEqualTo("acme");

        await().atMost(Duration.ofSeconds(5)).until(() -> cpo.token("NL", "RYY", "LATE", "OTHER").isPresent());
        assertThat(cpo.token("NL", "RYY", "LATE", "OTHER").get()).containsEntry("whitelist", "NEVER")
                .containsEntry("group_id", "G7").doesNotContainKey("fleet_id");
        assertThat(cpo.requests()).filteredOn(r -> r.path().startsWith("/ocpi/2.2.1/tokens/"))
                .extracting(RecordedRequest::method).containsExactly("PATCH", "PUT");
    }

    @Test
    void productApiValidatesNamesFieldsAndFilters() {
        var missing = api("POST", "/v1/tokens").json("{\"uid\":\"X1\",\"type\":\"RFID\"}").send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("message").asString()).contains("contract_id");
        var badType = api("POST", "/v1/tokens").json("{\"uid\":\"X1\",\"type\":\"BADGE\",\"contract_id\":\"C\"}").send();
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("message").asString()).contains("type");
        var longUid = api("POST", "/v1/tokens").json("{\"uid\":\"%s\",\"type\":\"RFID\",\"contract_id\":\"C\"}"
                .formatted("U".repeat(37))).send();
        assertThat(longUid.json().get("message").asString()).contains("uid");

        create("{\"uid\":\"F1\",\"type\":\"APP_USER\",\"contract_id\":\"C1\",\"fleet_id\":\"acme\",\"robot_id\":\"r-1\"}");
        create("{\"uid\":\"F2\",\"type\":\"RFID\",\"contract_id\":\"C2\",\"fleet_id\":\"acme\",\"valid\":false}");
        create("{\"uid\":\"F3\",\"type\":\"RFID\",\"contract_id\":\"C3\",\"fleet_id\":\"other\"}");
        var duplicate = api("POST", "/v1/tokens").json("{\"uid\":\"f1\",\"type\":\"APP_USER\",\"contract_id\":\"C\"}").send();
        assertThat(duplicate.status()).isEqualTo(409);

        assertThat(api("GET", "/v1/tokens?fleet_id=acme").send().json()).hasSize(2);
        assertThat(api("GET", "/v1/tokens?fleet_id=acme&valid=true").send().json()).hasSize(1);
        assertThat(api("GET", "/v1/tokens?robot_id=r-1").send().json().get(0).get("uid").asString()).isEqualTo("F1");
        var one = api("GET", "/v1/tokens/F1").send().json();
        assertThat(one.get("whitelist").asString()).isEqualTo("NEVER"); // app users are authorized in real time
        assertThat(one.get("issuer").asString()).isEqualTo("Rollyy Test");
        assertThat(api("GET", "/v1/tokens/NONE").send().status()).isEqualTo(404);

        // revocation is a product call: X-API-Key only
        assertThat(TestHttp.request("DELETE", url("/ocpi/2.2.1/tokens/F1")).send().status()).isEqualTo(401);
        assertThat(api("DELETE", "/ocpi/2.2.1/tokens/F1").send().json().get("pushed_to").asInt()).isZero();
        assertThat(Instant.parse(api("GET", "/v1/tokens/F1").send().json().get("last_updated").asString()))
                .isAfter(Instant.parse(one.get("last_updated").asString()));
    }
}
