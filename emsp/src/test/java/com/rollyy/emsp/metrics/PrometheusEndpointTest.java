package com.rollyy.emsp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.Scrape;
import com.rollyy.emsp.support.TestHttp;

/** The Prometheus scrape sits behind X-API-Key like the product API; the health probes stay open. */
class PrometheusEndpointTest extends EmspIntegrationTest {

    @Test
    void scrapeNeedsTheApiKey() {
        var anonymous = TestHttp.request("GET", url("/actuator/prometheus")).send();
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").asString()).isEqualTo("unauthorized");
        assertThat(TestHttp.request("GET", url("/actuator/prometheus")).apiKey("wrong").send().status()).isEqualTo(401);
        assertThat(TestHttp.request("GET", url("/actuator;x=1/prometheus")).send().status())
                .as("the path as the controllers see it decides").isEqualTo(401);
        assertThat(TestHttp.request("GET", url("/actuator")).send().status()).isEqualTo(401);

        var scrape = api("GET", "/actuator/prometheus").send();
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
        var parsed = Scrape.parse(scrape.body());
        assertThat(parsed.has("jvm_memory_used_bytes")).isTrue();
        assertThat(parsed.text()).contains("# TYPE ");
    }

    @Test
    void probesStayOpen() {
        assertThat(TestHttp.request("GET", url("/actuator/health/liveness")).send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/actuator/health/readiness")).send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/actuator/health")).send().status()).isEqualTo(200);
    }
}
