package com.rollyy.emsp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * docs/openapi.yaml is what the running service serves at /v3/api-docs.yaml, to the byte. After a
 * change to the product API, record its examples and regenerate it: the two commands in docs/api.md
 * ("It cannot drift"), OpenApiContractTest then this test, each with {@code -Dopenapi.update=true}.
 */
class OpenApiDocumentTest extends EmspIntegrationTest {

    /** Surefire runs in emsp/; the document lives in the repository's docs/. */
    static final Path CHECKED_IN = Path.of("..", "docs", "openapi.yaml");

    @Test
    void theCheckedInDocumentIsWhatTheServiceServes() throws Exception {
        var served = TestHttp.request("GET", url("/v3/api-docs.yaml")).send();
        assertThat(served.status()).as("served without X-API-Key").isEqualTo(200);
        String document = served.body().endsWith("\n") ? served.body() : served.body() + "\n";
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(CHECKED_IN, document, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(CHECKED_IN)).as(CHECKED_IN + " exists (regenerate it: see docs/api.md)").isTrue();
        assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
                .as("docs/openapi.yaml differs from what the service serves: regenerate it with the two commands"
                        + " of docs/api.md (OpenApiContractTest, then OpenApiDocumentTest, with -Dopenapi.update=true)")
                .isEqualTo(document);
    }

    @Test
    void swaggerUiIsServedFromTheWebjar() {
        var ui = TestHttp.request("GET", url("/swagger-ui.html")).send();
        assertThat(ui.status()).isIn(200, 302);
        var index = TestHttp.request("GET", url("/swagger-ui/index.html")).send();
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("swagger-ui");
        var bundle = TestHttp.request("GET", url("/swagger-ui/swagger-ui-bundle.js")).send();
        assertThat(bundle.status()).as("the UI's script comes from this service, not a CDN").isEqualTo(200);
        var config = TestHttp.request("GET", url("/v3/api-docs/swagger-config")).send();
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
    }
}
