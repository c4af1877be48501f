package com.rollyy.emsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import com.rollyy.emsp.support.TestHttp;

/** With SPRING_DATASOURCE_URL set, the service uses that server and starts no database of its own. */
class ExternalDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void usesTheConfiguredServer() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start();
             var app = new SpringApplicationBuilder(EmspApplication.class).profiles("test").run(
                     "--server.port=0", "--rollyy.data-dir=" + dataDir, "--rollyy.secret-key=test-secret",
                     "--spring.datasource.url=" + server.getJdbcUrl("postgres", "postgres"),
                     "--spring.datasource.username=postgres")) {
            String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
            assertThat(TestHttp.request("GET", base + "/actuator/health/readiness").send().status()).isEqualTo(200);
            assertThat(TestHttp.request("POST", base + "/ocpi/invitations").apiKey("test-api-key").send().status())
                    .isEqualTo(201);
            try (var connection = server.getPostgresDatabase().getConnection();
                 var rs = connection.createStatement().executeQuery("select count(*) from connection")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }

    @Test
    void refusesToStartWithoutASecretKey() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            assertThatThrownBy(() -> new SpringApplicationBuilder(EmspApplication.class).profiles("test").run(
                    "--server.port=0", "--rollyy.data-dir=" + dataDir,
                    "--spring.datasource.url=" + server.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres"))
                    .hasStackTraceContaining("ROLLYY_SECRET_KEY must be set");
        }
    }
}
