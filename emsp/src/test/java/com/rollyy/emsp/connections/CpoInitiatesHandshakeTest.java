package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.VersionsFailure;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** A CPO registers with us using a token A from POST /ocpi/invitations, over real HTTP. */
class CpoInitiatesHandshakeTest extends EmspIntegrationTest {

    private static final String CREDENTIALS = "/ocpi/2.2.1/credentials";

    @Test
    void cpoRegistersWithTokenA() throws Exception {
        var invitation = api("POST", "/ocpi/invitations").json("{\"cpo_name\":\"Invited CPO\"}").send();
        assertThat(invitation.status()).isEqualTo(201);
        String tokenA = invitation.json().get("token").asString();
        assertThat(invitation.json().get("versions_url").asString()).isEqualTo(versionsUrl());

        var result = cpo.registerWith(versionsUrl(), tokenA);

        // our token C is new, and we fetched the CPO's versions with the token B it sent us
        assertThat(result.tokenForEmsp()).isNotEqualTo(tokenA);
        assertThat(cpo.requests()).anyMatch(r -> r.pathWithoutQuery().equals("/ocpi/versions")
                && TestHttp.tokenHeader(cpo.tokenIssuedToEmsp()).equals(r.header("Authorization")));
        assertThat(result.emspRoles().toString()).contains("EMSP").contains("RYY");

        var listed = api("GET", "/ocpi/connections").send().json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("cpo_name").asString()).isEqualTo("Invited CPO");
        assertThat(listed.get(0).get("status").asString()).isEqualTo("active");
        assertThat(listed.get(0).get("party_id").asString()).isEqualTo("SIM");
        assertThat(listed.get(0).get("initiated_by").asString()).isEqualTo("cpo");

        // token C works, token A is dead everywhere, including versions
        assertThat(ocpi("GET", "/ocpi/2.2.1/details", cpo.tokenForEmsp()).send().status()).isEqualTo(200);
        for (String path : new String[] {"/ocpi/versions", "/ocpi/2.2.1/details", CREDENTIALS}) {
            var refused = ocpi("GET", path, tokenA).send();
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.ocpiStatus()).isEqualTo(2000);
        }
    }

    @Test
    void tokenAWorksOnlyOnVersionsDetailsAndCredentials() {
        String tokenA = invite();

        assertThat(ocpi("GET", "/ocpi/versions", tokenA).send().status()).isEqualTo(200);
        assertThat(ocpi("GET", "/ocpi/2.2.1/details", tokenA).send().status()).isEqualTo(200);
        assertThat(ocpi("GET", CREDENTIALS, tokenA).send().status()).isEqualTo(200);
        for (String path : new String[] {"/ocpi/2.2.1/locations", "/ocpi/2.2.1/sessions/NL/SIM/1",
                "/ocpi/2.2.1/tokens", "/ocpi/2.2.1/cdrs", "/ocpi/2.2.1/commands/START_SESSION/x"}) {
            var refused = ocpi("GET", path, tokenA).send();
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.json().get("status_message").asString()).contains("token A");
        }
    }

    @Test
    void secondPostFromARegisteredCpoIs405() throws Exception {
        cpo.registerWith(versionsUrl(), invite());

        var again = cpo.callEmsp("POST", url(CREDENTIALS), credentialsBody("another-token", cpo.versionsUrl()));

        assertThat(again.status()).isEqualTo(405);
        assertThat(again.ocpiStatusCode()).isEqualTo(2000);
    }

    @Test
    void putAndDeleteWithTokenAAre405() {
        String tokenA = invite();

        var put = ocpi("PUT", CREDENTIALS, tokenA).json(credentialsBody("t", cpo.versionsUrl())).send();
        var delete = ocpi("DELETE", CREDENTIALS, tokenA).send();

        assertThat(put.status()).isEqualTo(405);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(put.ocpiStatus()).isEqualTo(2000);
    }

    @Test
    void cpoRotatesItsToken() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String oldC = cpo.tokenForEmsp();
        String oldB = cpo.tokenIssuedToEmsp();

        cpo.rotateCredentials();

        assertThat(cpo.tokenForEmsp()).isNotEqualTo(oldC);
        assertThat(ocpi("GET", "/ocpi/versions", oldC).send().status()).isEqualTo(401);
        assertThat(ocpi("GET", "/ocpi/versions", cpo.tokenForEmsp()).send().status()).isEqualTo(200);
        // we re-fetched the CPO's versions with its new token B, even though the version did not change
        assertThat(cpo.tokenIssuedToEmsp()).isNotEqualTo(oldB);
        assertThat(cpo.requests()).anyMatch(r -> r.pathWithoutQuery().equals("/ocpi/versions")
                && TestHttp.tokenHeader(cpo.tokenIssuedToEmsp()).equals(r.header("Authorization")));
        assertThat(api("GET", "/ocpi/connections").send().json().get(0).get("status").asString())
                .isEqualTo("active");
    }

    @Test
    void cpoUnregisters() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String tokenC = cpo.tokenForEmsp();

        cpo.unregister();

        assertThat(ocpi("GET", "/ocpi/versions", tokenC).send().status()).isEqualTo(401);
        var listed = api("GET", "/ocpi/connections").send().json();
        assertThat(listed.get(0).get("status").asString()).isEqualTo("unregistered");
    }

    @Test
    void answers3001WhenTheCpoVersionsCannotBeFetched() {
        String tokenA = invite();
        String deadUrl = cpo.versionsUrl();
        cpo.close();

        var response = ocpi("POST", CREDENTIALS, tokenA).json(credentialsBody("token-b", deadUrl)).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.ocpiStatus()).isEqualTo(3001);
        // nothing registered: token A still valid, the connection still only invited
        assertThat(ocpi("GET", "/ocpi/versions", tokenA).send().status()).isEqualTo(200);
        assertThat(api("GET", "/ocpi/connections").send().json().get(0).get("status").asString())
                .isEqualTo("invited");
    }

    @Test
    void answers3001WhenTheCpoIsNotOcpi() {
        cpo.knobs().setVersionsFailure(VersionsFailure.NOT_JSON);
        var response = postCredentialsPointingAtSimulator();
        assertThat(response.ocpiStatus()).isEqualTo(3001);
    }

    @Test
    void answers3002WithoutAMutualVersion() {
        cpo.knobs().setVersionsFailure(VersionsFailure.NO_2_2_1);
        var response = postCredentialsPointingAtSimulator();
        assertThat(response.ocpiStatus()).isEqualTo(3002);
        assertThat(response.json().get("status_message").asString()).contains("2.2.1");
    }

    @Test
    void answers3003WhenTheCpoHasNoCredentialsEndpoint() {
        cpo.knobs().setOmitCredentialsEndpoint(true);
        var response = postCredentialsPointingAtSimulator();
        assertThat(response.ocpiStatus()).isEqualTo(3003);
    }

    @Test
    void acceptsRawTokensFromLegacyPeers() throws Exception {
        cpo.knobs().setSendRawTokens(true);

        cpo.registerWith(versionsUrl(), invite());

        assertThat(cpo.isRegistered()).isTrue();
        var raw = TestHttp.request("GET", url("/ocpi/versions"))
                .header("Authorization", "Token " + cpo.tokenForEmsp()).send();
        assertThat(raw.status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsHttp400With2001() {
        String tokenA = invite();
        var response = ocpi("POST", CREDENTIALS, tokenA).json("{\"token\": \"abc\", ").send();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.ocpiStatus()).isEqualTo(2001);
        assertThat(response.json().get("status_message").asString()).contains("Malformed JSON");
        assertThat(response.json().has("timestamp")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"token\":42,\"url\":\"http://x/versions\",\"roles\":[]}|'token'",
            "{\"token\":\"t\",\"url\":\"http://x/versions\",\"roles\":\"CPO\"}|'roles'",
            "{\"token\":\"t\",\"url\":\"http://x/versions\"}|'roles'",
            "{\"url\":\"http://x/versions\",\"roles\":[{}]}|'token'",
            "{\"token\":\"t\",\"url\":\"http://x/versions\",\"roles\":[{\"role\":\"CPO\",\"party_id\":\"SIM\",\"country_code\":\"NL\",\"business_details\":{}}]}|'roles[0].business_details.name'",
            "{\"token\":\"t\",\"url\":\"http://x/versions\",\"roles\":[{\"role\":\"KING\",\"party_id\":\"SIM\",\"country_code\":\"NL\",\"business_details\":{\"name\":\"n\"}}]}|'roles[0].role'",
            "{\"token\":\"t\",\"url\":\"http://x/versions\",\"roles\":[{\"role\":\"CPO\",\"party_id\":\"SIMS\",\"country_code\":\"NL\",\"business_details\":{\"name\":\"n\"}}]}|'roles[0].party_id'",
            "{\"token\":\"has space\",\"url\":\"http://x/versions\",\"roles\":[{\"role\":\"CPO\",\"party_id\":\"SIM\",\"country_code\":\"NL\",\"business_details\":{\"name\":\"n\"}}]}|'token'"
    })
    void invalidCredentialsAre2001NamingTheField(String testCase) {
        String[] parts = testCase.split("\\|");
        String tokenA = invite();

        var response = ocpi("POST", CREDENTIALS, tokenA).json(parts[0]).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.ocpiStatus()).isEqualTo(2001);
        assertThat(response.json().get("status_message").asString()).contains(parts[1]);
        assertThat(ocpi("GET", "/ocpi/versions", tokenA).send().status()).isEqualTo(200);
    }

    @Test
    void simulatorRefusesWhenOurAnswerIsMissing() {
        String tokenA = invite();
        cpo.knobs().setOmitCredentialsEndpoint(true);
        assertThatThrownBy(() -> cpo.registerWith(versionsUrl(), tokenA)).isInstanceOf(SimulatorException.class);
        assertThat(api("GET", "/ocpi/connections").send().json().get(0).get("status").asString())
                .isEqualTo("invited");
    }

    private TestHttp.Response postCredentialsPointingAtSimulator() {
        String tokenA = invite();
        return ocpi("POST", CREDENTIALS, tokenA).json(credentialsBody(cpo.tokenA(), cpo.versionsUrl())).send();
    }

    static String credentialsBody(String token, String url) {
        return """
                {"token":"%s","url":"%s","roles":[{"role":"CPO","party_id":"SIM","country_code":"NL",
                "business_details":{"name":"Simulated CPO"}}]}""".formatted(token, url);
    }

}
