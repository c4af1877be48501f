package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.VersionsFailure;
import com.rollyy.cposim.ocpi.RecordedRequest;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** We register with a CPO (POST /ocpi/register), over real HTTP against the CPO simulator. */
class EmspInitiatesHandshakeTest extends EmspIntegrationTest {

    @Test
    void registersWithTheCpoAndBecomesActive() {
        String tokenA = cpo.tokenA();
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Simulated CPO","versions_url":"%s","token":"%s"}"""
                .formatted(cpo.versionsUrl(), tokenA)).send();

        assertThat(response.status()).isEqualTo(201);
        var body = response.json();
        assertThat(body.get("status").asString()).isEqualTo("active");
        assertThat(body.get("cpo_name").asString()).isEqualTo("Simulated CPO");
        assertThat(body.get("modules").toString()).contains("credentials");

        // discovery and the credentials POST went out with token A, base64-encoded as 2.2.1 requires
        var received = cpo.requests();
        assertThat(received).extracting(RecordedRequest::method, RecordedRequest::pathWithoutQuery)
                .contains(org.assertj.core.groups.Tuple.tuple("GET", "/ocpi/versions"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/ocpi/2.2.1/credentials"));
        assertThat(received).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo(TestHttp.tokenHeader(tokenA));
            assertThat(r.header("X-Request-ID")).isNotBlank();
            assertThat(r.header("X-Correlation-ID")).isNotBlank();
        });
        RecordedRequest post = received.stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(post.header("Content-Type")).startsWith("application/json");
        // the body we POSTed names our versions URL and our EMSP role
        assertThat(post.body()).contains(versionsUrl()).contains("\"role\":\"EMSP\"").contains("\"party_id\":\"RYY\"");

        // the CPO called our versions back with token B while our POST was in flight, and holds it now
        assertThat(cpo.isRegistered()).isTrue();
        assertThat(cpo.emspVersionsUrl()).isEqualTo(versionsUrl());
        assertThat(cpo.isTokenAValid()).isFalse();
        assertThat(ocpi("GET", "/ocpi/versions", cpo.tokenForEmsp()).send().status()).isEqualTo(200);

        var listed = api("GET", "/ocpi/connections").send().json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("status").asString()).isEqualTo("active");
        assertThat(listed.get(0).get("country_code").asString()).isEqualTo("NL");
        assertThat(listed.get(0).get("party_id").asString()).isEqualTo("SIM");
        assertThat(listed.get(0).get("version").asString()).isEqualTo("2.2.1");
        assertThat(listed.get(0).get("versions_url").asString()).isEqualTo(cpo.versionsUrl());
        assertThat(listed.get(0).get("created_at").asString()).endsWith("Z");
    }

    @Test
    void usesTokenCFromThenOnAndRotatesIt() {
        String id = registerWithSimulator();
        String tokenC = cpo.tokenIssuedToEmsp();
        String tokenB = cpo.tokenForEmsp();
        cpo.clearRequests();

        var rotated = api("POST", "/ocpi/connections/" + id + "/rotate").send();

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(cpo.requests()).isNotEmpty().allSatisfy(r ->
                assertThat(r.header("Authorization")).isEqualTo(TestHttp.tokenHeader(tokenC)));
        assertThat(cpo.requests()).anyMatch(r -> r.method().equals("PUT"));
        // the CPO now holds a new token for us and gave us a new one
        assertThat(cpo.tokenForEmsp()).isNotEqualTo(tokenB);
        assertThat(cpo.tokenIssuedToEmsp()).isNotEqualTo(tokenC);
        assertThat(ocpi("GET", "/ocpi/versions", tokenB).send().status()).isEqualTo(401);
        assertThat(ocpi("GET", "/ocpi/versions", cpo.tokenForEmsp()).send().status()).isEqualTo(200);

        // and the next call we make uses the new token C
        cpo.clearRequests();
        assertThat(api("POST", "/ocpi/connections/" + id + "/rotate").send().status()).isEqualTo(200);
        assertThat(cpo.requests().get(0).header("Authorization"))
                .isNotEqualTo(TestHttp.tokenHeader(tokenC));
    }

    @Test
    void unregistersAtTheCpo() {
        String id = registerWithSimulator();
        String tokenB = cpo.tokenForEmsp();

        var response = api("DELETE", "/ocpi/connections/" + id).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("unregistered");
        assertThat(cpo.isRegistered()).isFalse();
        assertThat(ocpi("GET", "/ocpi/versions", tokenB).send().status()).isEqualTo(401);
        var listed = api("GET", "/ocpi/connections").send().json();
        assertThat(listed.get(0).get("status").asString()).isEqualTo("unregistered");
        // an unregistered connection cannot be rotated
        assertThat(api("POST", "/ocpi/connections/" + id + "/rotate").send().status()).isEqualTo(409);
    }

    @Test
    void sendsTheRawTokenWhenTheConnectionAsksForIt() {
        String tokenA = cpo.tokenA();
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Legacy CPO","versions_url":"%s","token":"%s","raw_token":true}"""
                .formatted(cpo.versionsUrl(), cpo.tokenA())).send();

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(cpo.requests()).allSatisfy(r ->
                assertThat(r.header("Authorization")).isEqualTo("Token " + tokenA));
    }

    @Test
    void refusesToRegisterTwiceWithTheSameCpo() {
        registerWithSimulator();
        String newTokenA = cpo.issueTokenA();
        var again = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Again","versions_url":"%s","token":"%s"}""".formatted(cpo.versionsUrl(), newTokenA))
                .send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("already_registered");
    }

    @Test
    void requiresTheTokenA() {
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"No token","versions_url":"%s"}""".formatted(cpo.versionsUrl())).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString()).contains("'token'").contains("token A");
        assertNothingStored();
        assertThat(cpo.requests()).isEmpty();
    }

    @Test
    void reportsAnUnreachableCpo() {
        String deadUrl = cpo.versionsUrl();
        String tokenA = cpo.tokenA();
        cpo.close();

        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Gone","versions_url":"%s","token":"%s"}""".formatted(deadUrl, tokenA)).send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("cpo_unreachable");
        assertThat(response.json().get("message").asString()).contains("could not reach").contains(deadUrl);
        assertNothingStored();
    }

    @Test
    void reportsAServerThatIsNotOcpi() {
        cpo.knobs().setVersionsFailure(VersionsFailure.NOT_JSON);

        var response = register();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("message").asString()).contains("did not answer with JSON");
        assertNothingStored();
    }

    @Test
    void reportsACpoWithNoVersionInCommon() {
        try (var older = com.rollyy.emsp.support.FakeVersionedCpo.offering("2.0", "2.2")) {
            var response = api("POST", "/ocpi/register").json("""
                    {"cpo_name":"x","versions_url":"%s","token":"a"}""".formatted(older.versionsUrl())).send();

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().get("error").asString()).isEqualTo("no_mutual_version");
            assertThat(response.json().get("message").asString()).contains("2.1.1 or 2.2.1 or 2.3.0")
                    .contains("[2.0, 2.2]");
            assertNothingStored();
        }
    }

    @Test
    void reportsAWrongTokenA() {
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"x","versions_url":"%s","token":"not-the-token"}""".formatted(cpo.versionsUrl())).send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("message").asString()).contains("401");
        assertNothingStored();
    }

    @Test
    void leavesNothingBehindWhenTheCpoRejectsOurCredentials() {
        cpo.knobs().setRejectCredentials(true);

        var response = register();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("credentials_rejected");
        assertThat(response.json().get("message").asString()).contains("2001");
        assertNothingStored();
        // the token B we offered during the attempt is dead too
        String offered = cpo.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow()
                .body().replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(ocpi("GET", "/ocpi/versions", offered).send().status()).isEqualTo(401);
    }

    @Test
    void rejectsMalformedRequests() {
        var notJson = api("POST", "/ocpi/register").json("{\"cpo_name\":").send();
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("message").asString()).contains("Malformed JSON");

        var wrongType = api("POST", "/ocpi/register").json("""
                {"cpo_name":"x","versions_url":42,"token":"t"}""").send();
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("message").asString()).contains("'versions_url'");

        var notUrl = api("POST", "/ocpi/register").json("""
                {"cpo_name":"x","versions_url":"ftp://x","token":"t"}""").send();
        assertThat(notUrl.status()).isEqualTo(400);
        assertThat(notUrl.json().get("message").asString()).contains("'versions_url'");
        assertNothingStored();
    }

    private TestHttp.Response register() {
        return api("POST", "/ocpi/register").json("""
                {"cpo_name":"Simulated CPO","versions_url":"%s","token":"%s"}"""
                .formatted(cpo.versionsUrl(), cpo.tokenA())).send();
    }

    private void assertNothingStored() {
        assertThat(api("GET", "/ocpi/connections").send().json().size()).isZero();
        assertThat(jdbc.sql("select count(*) from connection").query(Integer.class).single()).isZero();
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
