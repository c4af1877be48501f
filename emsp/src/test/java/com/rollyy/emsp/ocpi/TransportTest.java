package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** Envelope, authentication, message ids and routing of the OCPI and product endpoints, over HTTP. */
class TransportTest extends EmspIntegrationTest {

    private static final String DATE_TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z";

    @Test
    void missingTokenIs401WithTheEnvelope() {
        var response = TestHttp.request("GET", url("/ocpi/versions")).send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().get("status_code").isInt()).isTrue();
        assertThat(response.json().get("status_message").asString()).contains("token");
        assertThat(response.json().get("timestamp").asString()).matches(DATE_TIME);
        assertThat(response.json().has("data")).isFalse();
    }

    @Test
    void unknownOrMalformedTokensAre401() {
        invite();
        for (String header : new String[] {"Token " + TestHttp.tokenHeader("unknown").substring(6),
                "Token not-a-token", "Bearer abc", "Token ", "Token%%%"}) {
            var response = TestHttp.request("GET", url("/ocpi/2.2.1/details"))
                    .header("Authorization", header).send();
            assertThat(response.status()).as(header).isEqualTo(401);
            assertThat(response.ocpiStatus()).isEqualTo(2000);
        }
    }

    @Test
    void acceptsTheTokenBase64OrRaw() {
        String token = invite();
        assertThat(ocpi("GET", "/ocpi/versions", token).send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/ocpi/versions")).header("Authorization", "Token " + token)
                .send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/ocpi/versions")).header("authorization", "token " + token)
                .send().status()).isEqualTo(200);
    }

    @Test
    void echoesRequestAndCorrelationIds() {
        String token = invite();
        var response = ocpi("GET", "/ocpi/versions", token)
                .header("X-Request-ID", "req-123").header("X-Correlation-ID", "corr-456").send();

        assertThat(response.header("X-Request-ID")).isEqualTo("req-123");
        assertThat(response.header("X-Correlation-ID")).isEqualTo("corr-456");

        var generated = ocpi("GET", "/ocpi/versions", token).send();
        assertThat(generated.header("X-Request-ID")).isNotBlank();
        assertThat(generated.header("X-Correlation-ID")).isNotBlank();

        var refused = TestHttp.request("GET", url("/ocpi/versions")).header("X-Request-ID", "r-401").send();
        assertThat(refused.header("X-Request-ID")).isEqualTo("r-401");
    }

    @Test
    void versionsAndDetailsListWhatWeServe() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String token = cpo.tokenForEmsp();
        var versions = ocpi("GET", "/ocpi/versions", token).send().json();
        assertThat(versions.get("status_code").asInt()).isEqualTo(1000);
        assertThat(versions.get("timestamp").asString()).matches(DATE_TIME);
        // every version we speak (the test configuration offers all three), each with its details
        assertThat(versions.get("data").findValuesAsString("version")).containsExactly("2.1.1", "2.2.1", "2.3.0");
        String detailsUrl = versions.get("data").get(1).get("url").asString();
        assertThat(detailsUrl).isEqualTo(url("/ocpi/2.2.1/details"));

        var details = TestHttp.request("GET", detailsUrl).token(token).send().json().get("data");
        assertThat(details.get("version").asString()).isEqualTo("2.2.1");
        assertThat(details.get("endpoints").size()).isGreaterThanOrEqualTo(1);
        for (var endpoint : details.get("endpoints")) {
            assertThat(endpoint.get("identifier").asString()).matches("[a-z]+");
            assertThat(endpoint.get("role").asString()).isIn("SENDER", "RECEIVER");
            if (endpoint.get("identifier").asString().equals("commands")
                    || endpoint.get("identifier").asString().equals("chargingprofiles")) {
                continue; // these SENDER interfaces are the response_urls we hand out (and PUTs), not a GET
            }
            // every advertised URL answers
            int status = TestHttp.request("GET", endpoint.get("url").asString()).token(token).send().status();
            assertThat(status).as(endpoint.toString()).isEqualTo(200);
        }
        assertThat(details.get("endpoints").toString()).contains("\"identifier\":\"credentials\"")
                .contains("{\"identifier\":\"locations\",\"role\":\"RECEIVER\"")
                .contains("{\"identifier\":\"tariffs\",\"role\":\"RECEIVER\"")
                .contains("{\"identifier\":\"sessions\",\"role\":\"RECEIVER\"")
                .contains("{\"identifier\":\"cdrs\",\"role\":\"RECEIVER\"")
                .contains("{\"identifier\":\"commands\",\"role\":\"SENDER\"")
                .contains("{\"identifier\":\"chargingprofiles\",\"role\":\"SENDER\"");
    }

    @Test
    void servesOcpiPathsWithATrailingSlash() {
        String token = invite();
        assertThat(ocpi("GET", "/ocpi/versions/", token).send().status()).isEqualTo(200);
        assertThat(ocpi("GET", "/ocpi/2.2.1/details/", token).send().status()).isEqualTo(200);
        assertThat(ocpi("GET", "/ocpi/2.2.1/credentials/", token).send().status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAnswerWithTheEnvelope() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String token = cpo.tokenForEmsp();

        var notFound = ocpi("GET", "/ocpi/2.2.1/nothing-here", token).send();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.ocpiStatus()).isEqualTo(2000);

        var wrongMethod = ocpi("PATCH", "/ocpi/2.2.1/credentials", token).json("{}").send();
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.ocpiStatus()).isEqualTo(2000);
    }

    @Test
    void routingHeadersReachTheRequestContext() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        var response = ocpi("GET", PagedItemsController.PATH + "?routing=1", cpo.tokenForEmsp())
                .header("OCPI-from-country-code", "NL").header("OCPI-from-party-id", "SIM")
                .header("OCPI-to-country-code", "NL").header("OCPI-to-party-id", "RYY").send();

        assertThat(response.header("OCPI-from-party-id")).isEqualTo("RYY");
        assertThat(response.header("OCPI-to-party-id")).isEqualTo("SIM");

        var invalid = ocpi("GET", PagedItemsController.PATH + "?routing=1", cpo.tokenForEmsp())
                .header("OCPI-from-country-code", "NLD").header("OCPI-from-party-id", "SIM").send();
        assertThat(invalid.ocpiStatus()).isEqualTo(2001);
        assertThat(invalid.json().get("status_message").asString()).contains("OCPI-from-country-code");
    }

    @Test
    void expiredInvitationTokenIs401() {
        String tokenA = invite();
        jdbc.sql("update issued_token set expires_at = now() - interval '1 second'").update();
        assertThat(ocpi("GET", "/ocpi/versions", tokenA).send().status()).isEqualTo(401);
    }

    @Test
    void productApiNeedsTheApiKey() {
        var missing = TestHttp.request("GET", url("/ocpi/connections")).send();
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").asString()).isEqualTo("unauthorized");
        assertThat(missing.json().get("message").asString()).contains("X-API-Key");

        var wrong = TestHttp.request("POST", url("/ocpi/register")).apiKey("wrong").json("{}").send();
        assertThat(wrong.status()).isEqualTo(401);

        for (String path : new String[] {"/ocpi/invitations", "/ocpi/connections/x", "/v1/roaming/status"}) {
            assertThat(TestHttp.request("GET", url(path)).send().status()).as(path).isEqualTo(401);
        }
        assertThat(api("GET", "/ocpi/connections").send().status()).isEqualTo(200);
    }

    @Test
    void unknownConnectionIs404() {
        var response = api("GET", "/ocpi/connections/00000000-0000-0000-0000-000000000000").send();
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asString()).isEqualTo("not_found");
        assertThat(api("GET", "/ocpi/connections/not-a-uuid").send().status()).isEqualTo(400);
    }

    @Test
    void healthReportsLivenessAndReadiness() {
        var health = TestHttp.request("GET", url("/actuator/health/readiness")).send();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(TestHttp.request("GET", url("/actuator/health/liveness")).send().status()).isEqualTo(200);
    }

    @Test
    void infoNamesTheBuildAndItsCommit() {
        var info = TestHttp.request("GET", url("/actuator/info")).send();
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("build").get("version").asString()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(info.json().get("build").get("artifact").asString()).isEqualTo("emsp");
        assertThat(info.json().get("git").get("commit").get("id").asString()).matches("[0-9a-f]{7,40}");
    }
}
