package com.rollyy.emsp.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * The product API cannot be reached by spelling its path differently: {@code ;params}, percent-
 * encoding and doubled slashes reach the same controllers, so they meet the same X-API-Key check.
 */
class ProductPathSpellingTest extends EmspIntegrationTest {

    @Test
    void matrixParametersDoNotSkipTheApiKey() {
        assertThat(TestHttp.request("GET", url("/v1;x=1/robot-jobs")).send().status()).isEqualTo(401);
        assertThat(TestHttp.request("GET", url("/v1/robot-jobs;x=1")).send().status()).isEqualTo(401);
        assertThat(api("GET", "/v1/robot-jobs;x=1").send().status()).as("the same endpoint with the key")
                .isEqualTo(200);
    }

    @Test
    void aCposTokenDoesNotOpenProductPathsSpelledDifferently() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String token = cpo.tokenForEmsp();
        for (String path : new String[] {"/ocpi/2.2.1/commands/%53TOP_SESSION", "/ocpi/2.2.1/commands/STOP_SESSION;x=1",
                "/ocpi/2.2.1//commands/STOP_SESSION"}) {
            var answer = TestHttp.request("POST", url(path)).token(token).json("{\"ocpi_session_id\":\"S1\"}").send();
            assertThat(answer.status()).as(path).isIn(400, 401, 404);
            assertThat(answer.body()).as(path).doesNotContain("unknown_session");
        }
        var jobView = TestHttp.request("GET", url("/ocpi/2.2.1/sessions/job;x=1/7d1c6f1e-0000-4000-8000-000000000000"))
                .token(token).send();
        assertThat(jobView.status()).isEqualTo(401);
    }
}
