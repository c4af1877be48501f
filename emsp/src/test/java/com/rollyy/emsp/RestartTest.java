package com.rollyy.emsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * The service as an operator runs it: embedded PostgreSQL and secret key under one data
 * directory. Stopped and started again, it still has its connections and can still use the
 * (encrypted) tokens the CPO gave it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void connectionsAndTokensSurviveARestart(CapturedOutput output) {
        try (CpoSimulator cpo = CpoSimulator.start()) {
            String connectionId;
            try (var app = start()) {
                var registered = TestHttp.request("POST", url(app, "/ocpi/register"))
                        .apiKey(EmspIntegrationTest.API_KEY).json("""
                                {"cpo_name":"Before restart","versions_url":"%s","token":"%s"}"""
                                .formatted(cpo.versionsUrl(), cpo.tokenA())).send();
                assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
                connectionId = registered.json().get("connection_id").asString();
                // the embedded server keeps real data: every commit reaches the disk
                var jdbc = app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
                assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
                assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
            }
            assertThat(dataDir.resolve("secret.key")).exists();
            assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();

            try (var app = start()) {
                var listed = TestHttp.request("GET", url(app, "/ocpi/connections"))
                        .apiKey(EmspIntegrationTest.API_KEY).send().json();
                assertThat(listed.size()).isEqualTo(1);
                assertThat(listed.get(0).get("id").asString()).isEqualTo(connectionId);
                assertThat(listed.get(0).get("status").asString()).isEqualTo("active");
                // the CPO's token was stored encrypted and still decrypts: rotation calls the CPO with it
                var rotated = TestHttp.request("POST", url(app, "/ocpi/connections/" + connectionId + "/rotate"))
                        .apiKey(EmspIntegrationTest.API_KEY).send();
                assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
                // and the token the CPO holds for us still works after the restart
                assertThat(TestHttp.request("GET", url(app, "/ocpi/versions")).token(cpo.tokenForEmsp()).send()
                        .status()).isEqualTo(200);
            }
        }
        // each start says where its time went (the bench parses this line): embedded PostgreSQL, started
        // beside the context, and Flyway timed; the context waited for PostgreSQL at most its whole start
        var ready = java.util.regex.Pattern.compile("Ready in [0-9.]+ s: JVM [0-9.]+ s, PostgreSQL ([0-9.]+) s"
                + " \\(in parallel, waited ([0-9.]+) s\\), Flyway ([0-9.]+) s, context [0-9.]+ s").matcher(output.getOut());
        int starts = 0;
        while (ready.find()) {
            starts++;
            assertThat(Double.parseDouble(ready.group(1))).as(ready.group()).isPositive();
            assertThat(Double.parseDouble(ready.group(2))).as(ready.group())
                    .isLessThanOrEqualTo(Double.parseDouble(ready.group(1)));
        }
        assertThat(starts).as(output.getOut()).isEqualTo(2);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EmspApplication.class)
                .profiles("test")
                .run("--server.port=0", "--rollyy.data-dir=" + dataDir);
    }

    private static String url(ConfigurableApplicationContext app, String path) {
        return "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + path;
    }
}
