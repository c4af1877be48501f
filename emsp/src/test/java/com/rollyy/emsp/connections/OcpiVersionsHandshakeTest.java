package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeVersionedCpo;

/**
 * Versions at the edge, for the handshake: our versions and each version's details, and the
 * credentials exchange in both directions with CPOs on 2.1.1 and 2.3.0 next to 2.2.1 (the test
 * configuration offers all three: rollyy.ocpi.versions).
 */
class OcpiVersionsHandshakeTest extends EmspIntegrationTest {

    @Test
    void versionsListEachVersionWithItsOwnDetails() {
        String tokenA = invite();
        JsonNode versions = ocpi("GET", "/ocpi/versions", tokenA).send().json().get("data");
        assertThat(versions.findValuesAsString("version")).containsExactly("2.1.1", "2.2.1", "2.3.0");
        assertThat(versions.get(0).get("url").asString()).isEqualTo(url("/ocpi/2.1.1/details"));

        JsonNode old = ocpi("GET", "/ocpi/2.1.1/details", tokenA).send().json().get("data");
        assertThat(old.get("version").asString()).isEqualTo("2.1.1");
        assertThat(old.get("endpoints").findValuesAsString("identifier")).contains("credentials")
                .doesNotContain("chargingprofiles", "hubclientinfo");
        assertThat(old.get("endpoints").findValues("role")).as("2.1.1 endpoints have no role").isEmpty();
        assertThat(old.get("endpoints").get(0).get("url").asString()).startsWith(url("/ocpi/2.1.1/"));

        JsonNode newer = ocpi("GET", "/ocpi/2.3.0/details", tokenA).send().json().get("data");
        assertThat(newer.get("version").asString()).isEqualTo("2.3.0");
        assertThat(newer.get("endpoints").findValuesAsString("role")).isNotEmpty();
        assertThat(newer.get("endpoints").findValuesAsString("url")).allMatch(u -> u.startsWith(url("/ocpi/2.3.0/")));

        // a version we do not speak is not served at all
        assertThat(ocpi("GET", "/ocpi/2.2/details", tokenA).send().status()).isEqualTo(404);
    }

    @Test
    void a211CpoRegistersWithFlatCredentialsAndMovesTo221ByAPut() {
        try (var cpo = FakeVersionedCpo.offering("2.1.1", "2.2.1")) {
            String tokenA = invite();
            var registered = ocpi("POST", "/ocpi/2.1.1/credentials", tokenA).json("""
                    {"token":"b-token-211","url":"%s","business_details":{"name":"Old CPO"},
                     "party_id":"OLD","country_code":"BE"}""".formatted(cpo.versionsUrl())).send();
            assertThat(registered.status()).as(registered.body()).isEqualTo(200);
            JsonNode ours = registered.json().get("data");
            // our answer in 2.1.1: one flat party, no roles
            assertThat(ours.has("roles")).isFalse();
            assertThat(ours.get("party_id").asString()).isEqualTo("RYY");
            assertThat(ours.get("country_code").asString()).isEqualTo("NL");
            String tokenC = ours.get("token").asString();
            // we read its 2.1.1 details, as the version it registered on
            assertThat(cpo.received()).anyMatch(r -> r.path().equals("/2.1.1/details"));
            assertThat(cpo.received()).noneMatch(r -> r.path().equals("/2.2.1/details"));

            JsonNode connection = connectionWithParty("OLD");
            assertThat(connection.get("version").asString()).isEqualTo("2.1.1");
            assertThat(connection.get("country_code").asString()).isEqualTo("BE");
            assertThat(connection.get("status").asString()).isEqualTo("active");

            // GET credentials on 2.1.1: flat again
            JsonNode current = ocpi("GET", "/ocpi/2.1.1/credentials", tokenC).send().json().get("data");
            assertThat(current.get("party_id").asString()).isEqualTo("RYY");

            // the CPO moves to 2.2.1: a credentials PUT on 2.2.1's endpoint
            var moved = ocpi("PUT", "/ocpi/2.2.1/credentials", tokenC).json("""
                    {"token":"b-token-221","url":"%s","roles":[{"role":"CPO","business_details":{"name":"Old CPO"},
                     "party_id":"OLD","country_code":"BE"}]}""".formatted(cpo.versionsUrl())).send();
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            assertThat(moved.json().get("data").get("roles").get(0).get("role").asString()).isEqualTo("EMSP");
            assertThat(connectionWithParty("OLD").get("version").asString()).isEqualTo("2.2.1");
        }
    }

    @Test
    void weRegisterOn211WhenTheCpoOffersNothingNewerAndSendFlatCredentials() {
        try (var cpo = FakeVersionedCpo.offering("2.1.1")) {
            var registered = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"Only 2.1.1","versions_url":"%s","token":"token-a-211"}""".formatted(cpo.versionsUrl()))
                    .send();
            assertThat(registered.status()).as(registered.body()).isIn(200, 201);
            assertThat(registered.json().get("version").asString()).isEqualTo("2.1.1");
            var post = cpo.received().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
            assertThat(post.path()).isEqualTo("/2.1.1/credentials");
            // flat credentials: our one party, no roles
            assertThat(post.body()).contains("\"party_id\":\"RYY\"").doesNotContain("\"roles\"");
            assertThat(connectionWithParty("OLD").get("version").asString()).isEqualTo("2.1.1");
            unregister(connectionWithParty("OLD"));
        }
    }

    @Test
    void weSettleOnTheHighestVersionBothSidesOffer() {
        try (var cpo = FakeVersionedCpo.offering("2.1.1", "2.2.1", "2.3.0")) {
            var registered = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"All versions","versions_url":"%s","token":"token-a-230"}""".formatted(cpo.versionsUrl()))
                    .send();
            assertThat(registered.status()).as(registered.body()).isIn(200, 201);
            assertThat(registered.json().get("version").asString()).isEqualTo("2.3.0");
            assertThat(cpo.received()).anyMatch(r -> r.method().equals("POST") && r.path().equals("/2.3.0/credentials"));
            unregister(connectionWithParty("OLD"));
        }
    }

    @Test
    void a230CpoFindsEveryModuleOfItsVersionServedUnderIt() {
        try (var cpo = FakeVersionedCpo.offering("2.3.0")) {
            String tokenA = invite();
            var registered = ocpi("POST", "/ocpi/2.3.0/credentials", tokenA).json("""
                    {"token":"b-token-230","url":"%s","roles":[{"role":"CPO","business_details":{"name":"New CPO"},
                     "party_id":"OLD","country_code":"BE"}]}""".formatted(cpo.versionsUrl())).send();
            assertThat(registered.status()).as(registered.body()).isEqualTo(200);
            String tokenC = registered.json().get("data").get("token").asString();
            assertThat(connectionWithParty("OLD").get("version").asString()).isEqualTo("2.3.0");

            JsonNode details = ocpi("GET", "/ocpi/2.3.0/details", tokenC).send().json().get("data");
            assertThat(details.get("endpoints").findValuesAsString("identifier"))
                    .contains("credentials", "tokens", "commands", "chargingprofiles", "hubclientinfo",
                            "locations", "sessions", "cdrs", "tariffs");
            assertThat(details.get("endpoints").findValuesAsString("url"))
                    .contains(url("/ocpi/2.3.0/locations"), url("/ocpi/2.3.0/sessions"), url("/ocpi/2.3.0/cdrs"),
                            url("/ocpi/2.3.0/tariffs"));
            // our tokens, as 2.2.1 lists them (2.3.0 objects are the same)
            var tokens = ocpi("GET", "/ocpi/2.3.0/tokens", tokenC).send();
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(tokens.json().get("data").isArray()).isTrue();
            assertThat(tokens.header("X-Total-Count")).isNotNull();
            // locations, sessions, cdrs and tariffs are translated (their own tests: Locations230Test,
            // Tariffs230Test, SessionsCdrs230Test): served under 2.3.0, an empty Location a 2001
            var empty = ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1", tokenC).json("{}").send();
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.json().get("status_code").asInt()).isEqualTo(2001);
            assertThat(ocpi("GET", "/ocpi/2.3.0/tariffs/BE/OLD/T1", tokenC).send().status()).isEqualTo(404);
        }
    }

    private JsonNode connectionWithParty(String party) {
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if (party.equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                return c;
            }
        }
        throw new AssertionError("no active connection of party " + party);
    }

    private void unregister(JsonNode connection) {
        api("DELETE", "/ocpi/connections/" + connection.get("id").asString() + "?force=true").send();
    }
}
