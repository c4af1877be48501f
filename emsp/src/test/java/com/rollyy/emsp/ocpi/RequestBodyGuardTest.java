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
class RequestBodyGuardTest extends EmspIntegrationTest {

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

    @Test
    void escapedNulAndAbsurdNumbersAreRefusedAsInvalidFields() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        var nul = ocpi("PUT", "/ocpi/2.2.1/sessions/NL/SIM/S1", cpo.tokenForEmsp())
                .json("{\"id\":\"S\\u0000\"}").send();
        assertThat(nul.status()).isEqualTo(200);
        assertThat(nul.ocpiStatus()).isEqualTo(2001);
        assertThat(nul.json().get("status_message").asString()).contains("U+0000");
        var huge = ocpi("PUT", "/ocpi/2.2.1/sessions/NL/SIM/S1", cpo.tokenForEmsp()).json("{\"kwh\":1e4000}").send();
        assertThat(huge.ocpiStatus()).isEqualTo(2001);
        assertThat(huge.json().get("status_message").asString()).contains("Number out of range");
    }

    @Test
    void theScannersLookAtJsonNotAtText() {
        assertThat(RequestBodyGuard.escapedNul("{\"a\":\"\\u0000\"}".getBytes())).isTrue();
        assertThat(RequestBodyGuard.escapedNul("{\"a\":\"\\\\u0000\"}".getBytes())).as("an escaped backslash")
                .isFalse();
        assertThat(RequestBodyGuard.numberOutOfRange("{\"a\":1e301}".getBytes())).isEqualTo("1e301");
        assertThat(RequestBodyGuard.numberOutOfRange("{\"a\":-2.5E-400}".getBytes())).isEqualTo("-2.5E-400");
        assertThat(RequestBodyGuard.numberOutOfRange(("{\"a\":" + "9".repeat(41) + "}").getBytes())).isNotNull();
        assertThat(RequestBodyGuard.numberOutOfRange(
                "{\"t\":\"2026-03-02T10:00:00Z\",\"lat\":\"52.37403\",\"x\":\"1e9999\",\"v\":8.4700,\"n\":[1,-2,3e10]}"
                        .getBytes())).as("strings are skipped, ordinary numbers pass").isNull();
    }

    private HttpRequest chunked(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", TestHttp.tokenHeader(cpo.tokenForEmsp()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
    }
}
