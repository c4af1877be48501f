package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** Oversize bodies (test limit 1 MiB) are refused before parsing, declared or chunked; nothing is stored. */
class BodySizeLimitTest extends EmspIntegrationTest {

    private static String hugeCdr() {
        return "{\"country_code\":\"NL\",\"party_id\":\"SIM\",\"id\":\"HUGE\",\"remark\":\"" + "x".repeat(1_200_000) + "\"}";
    }

    @Test
    void aDeclaredOversizeBodyIsRefusedWith413AndTheEnvelope() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        var answer = ocpi("POST", "/ocpi/2.2.1/cdrs", cpo.tokenForEmsp()).json(hugeCdr()).send();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.ocpiStatus()).isEqualTo(2001);
        assertThat(answer.json().get("status_message").asString()).contains("larger than 1048576 bytes");
        assertThat(jdbc.sql("select count(*) from cdr").query(Long.class).single()).isZero();
    }

    @Test
    void aChunkedOversizeBodyIsRefusedTooAndASmallChunkedOneStillWorks() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        HttpClient http = HttpClient.newHttpClient();
        var huge = http.send(chunked("/ocpi/2.2.1/cdrs", hugeCdr()), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        var small = http.send(chunked("/ocpi/2.2.1/cdrs", "{\"id\":\"X\"}"), HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).as("read whole, then validated as usual").isEqualTo(200);
        assertThat(TestHttp.parse(small.body()).get("status_code").asInt()).isEqualTo(2001);
    }

    @Test
    void theProductApiSaysSoInItsOwnShape() {
        var answer = api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"" + "r".repeat(1_100_000) + "\"}").send();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("error").asString()).isEqualTo("body_too_large");
    }

    private HttpRequest chunked(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", TestHttp.tokenHeader(cpo.tokenForEmsp()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
    }
}
