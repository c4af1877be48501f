package com.rollyy.emsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * The database goes away (connections refused, open ones killed) and comes back: meanwhile
 * requests fail fast with 503 and status 3000 (not a 500, not a hang), the Prometheus scrape still
 * answers at once with the row-counting gauges at NaN, and afterwards everything works again
 * without restarting the service.
 */
class DatabaseOutageTest extends EmspIntegrationTest {

    @Autowired
    EmbeddedPostgres postgres;

    @Test
    void requestsFailWith503WhileTheDatabaseIsDownAndWorkAgainAfter() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        String token = cpo.tokenForEmsp();
        assertThat(ocpi("GET", "/ocpi/2.2.1/sessions", token).send().status()).isEqualTo(200);

        try (Connection admin = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "template1"))) {
            admin.createStatement().execute("alter database postgres allow_connections false");
            try {
                admin.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = 'postgres' and pid <> pg_backend_pid()");
                var ocpi = ocpi("GET", "/ocpi/2.2.1/sessions", token).send();
                assertThat(ocpi.status()).isEqualTo(503);
                assertThat(ocpi.ocpiStatus()).isEqualTo(3000);
                assertThat(ocpi.header("Retry-After")).isEqualTo("5");
                var product = api("GET", "/v1/robot-jobs").send();
                assertThat(product.status()).isEqualTo(503);
                assertThat(product.json().get("error").asString()).isEqualTo("storage_unavailable");
                // the scrape still answers at once; the gauges that count rows say they do not know
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    long began = System.nanoTime();
                    var scrape = api("GET", "/actuator/prometheus").send();
                    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
                    assertThat(scrape.status()).isEqualTo(200);
                    assertThat(scrape.body()).contains("rollyy_scheduler_due_tasks NaN",
                            "rollyy_scheduler_oldest_due_seconds NaN", "rollyy_sessions_live{status=\"active\"} NaN");
                });
            } finally {
                admin.createStatement().execute("alter database postgres allow_connections true");
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                ocpi("GET", "/ocpi/2.2.1/sessions", token).send().status() == 200
                        && api("GET", "/v1/robot-jobs").send().status() == 200);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                !api("GET", "/actuator/prometheus").send().body().contains("rollyy_scheduler_due_tasks NaN"));
    }
}
