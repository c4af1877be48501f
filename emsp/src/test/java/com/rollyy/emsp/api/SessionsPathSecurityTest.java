package com.rollyy.emsp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * /v1/sessions is split exactly: the list takes X-API-Key like the rest of /v1, the
 * charging-profile resource of one session keeps the user JWT, whatever the spelling.
 */
class SessionsPathSecurityTest extends EmspIntegrationTest {

    @Test
    void theSessionsListTakesTheApiKeyAndNothingElse() {
        for (String path : new String[] {"/v1/sessions", "/v1/sessions;x=1",
                "/v1/sessions?status=ACTIVE&limit=5"}) {
            var withKey = api("GET", path).send();
            assertThat(withKey.status()).as(path + " " + withKey).isEqualTo(200);
            assertThat(withKey.json().isArray()).isTrue();
            assertThat(withKey.header("X-Total-Count")).isEqualTo("0");

            var withoutKey = TestHttp.request("GET", url(path)).send();
            assertThat(withoutKey.status()).as(path).isEqualTo(401);
            assertThat(withoutKey.json().get("message").asString()).isEqualTo("Missing X-API-Key header");

            var jwtOnly = TestHttp.request("GET", url(path)).header("Authorization", "Bearer " + jwt()).send();
            assertThat(jwtOnly.status()).as(path + ": a user JWT is no API key").isEqualTo(401);
            assertThat(jwtOnly.json().get("message").asString()).isEqualTo("Missing X-API-Key header");
        }
        assertThat(api("GET", "/v1/sessions").header("X-API-Key", "wrong").send().status()).isEqualTo(401);
        // the trailing-slash spelling is no endpoint, but it is guarded by the key, not the JWT
        assertThat(api("GET", "/v1/sessions/").send().status()).isEqualTo(404);
        assertThat(TestHttp.request("GET", url("/v1/sessions/")).send().json().get("message").asString())
                .isEqualTo("Missing X-API-Key header");
    }

    @Test
    void theChargingProfilePathsStillTakeOnlyAUserJwt() {
        for (String path : new String[] {"/v1/sessions/abc/charging-profile", "/v1/sessions/abc/charging-profile/",
                "/v1/sessions;x=1/abc/charging-profile", "/v1/sessions/abc/charging-profile;y=2",
                "/v1/sessions/ab%63/charging-profile"}) {
            var keyOnly = api("GET", path).send();
            assertThat(keyOnly.status()).as(path).isEqualTo(401);
            assertThat(keyOnly.header("WWW-Authenticate")).as(path).isEqualTo("Bearer");
            assertThat(keyOnly.json().get("message").asString()).startsWith("Missing 'Authorization: Bearer");

            var withJwt = TestHttp.request("GET", url(path)).header("Authorization", "Bearer " + jwt()).send();
            assertThat(withJwt.status()).as(path + ": authenticated, no such session").isEqualTo(404);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "/v1/sessions, false",
            "/v1/sessions/, false",
            "/v1/sessions/abc, false",
            "/v1/sessions/abc/, false",
            "/v1/sessions/abc/charging-profile, true",
            "/v1/sessions/abc/charging-profile/, true",
            "/v1/sessions/abc/charging-profile/x, true",
            "/v1/sessions/abc/charging-profiles, false",
            "/v1/sessions//charging-profile, false",
            "/v1/sessionsx/abc/charging-profile, false",
            "/v1/robot-jobs, false"})
    void theJwtRuleMatchesExactlyTheChargingProfileResource(String path, boolean jwt) {
        assertThat(UserJwtSecurity.isJwtProtected(path)).isEqualTo(jwt);
    }

    private static String jwt() {
        try {
            var claims = new JWTClaimsSet.Builder().subject("user-1").claim("fleet_id", "default")
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
            var signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            signed.sign(new MACSigner("test-jwt-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8)));
            return signed.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
