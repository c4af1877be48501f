package com.rollyy.emsp.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** Spring Boot's {@code /error}, called directly, is a path we do not serve: 404, not 500. */
class ErrorPathTest extends EmspIntegrationTest {

    @Test
    void theErrorPageCalledDirectlyIsNotFoundForAnyone() {
        for (var request : new TestHttp.Request[] {
                TestHttp.request("GET", url("/error")),
                TestHttp.request("GET", url("/error?trace=true")),
                TestHttp.request("POST", url("/error")).json("{\"a\":1}"),
                TestHttp.request("DELETE", url("/error/")),
                TestHttp.request("GET", url("/error;x=1")),
                api("GET", "/error?trace=true")}) {
            var answer = request.send();

            assertThat(answer.status()).as(answer.body()).isEqualTo(404);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            assertThat(answer.json().get("error").asString()).isEqualTo("not_found");
            assertThat(answer.json().get("message").asString()).startsWith("No such endpoint: /error");
            assertThat(answer.body()).doesNotContain("trace", "exception", "timestamp");
        }
    }

    @Test
    void itAnswersLikeAnyOtherPathWeDoNotServe() {
        var unknown = api("GET", "/v1/no-such-thing").send();
        var error = api("GET", "/error").send();

        assertThat(error.status()).isEqualTo(unknown.status()).isEqualTo(404);
        assertThat(error.json().get("error")).isEqualTo(unknown.json().get("error"));
    }
}
