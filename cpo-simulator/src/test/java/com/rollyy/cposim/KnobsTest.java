package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static com.rollyy.cposim.TestHttp.envelope;
import static com.rollyy.cposim.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KnobsTest {

    private CpoSimulator sim;

    @BeforeEach
    void start() {
        sim = CpoSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> getVersions() {
        return send("GET", sim.versionsUrl(), base64(sim.tokenA()), null);
    }

    @Test
    void notJsonAnswersHtml() {
        sim.knobs().setVersionsFailure(VersionsFailure.NOT_JSON);

        HttpResponse<String> response = getVersions();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(response.body()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void no221ListsOnly211() {
        sim.knobs().setVersionsFailure(VersionsFailure.NO_2_2_1);

        assertThat(envelope(getVersions()).get("data"))
                .isEqualTo(List.of(Map.of("version", "2.1.1", "url", sim.baseUrl() + "/ocpi/2.1.1")));
    }

    @Test
    void http500IsPlainText() {
        sim.knobs().setVersionsFailure(VersionsFailure.HTTP_500);

        HttpResponse<String> response = getVersions();

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("status_code");
    }

    @Test
    void closeConnectionSendsNothing() {
        sim.knobs().setVersionsFailure(VersionsFailure.CLOSE_CONNECTION);

        assertThatThrownBy(this::getVersions).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void latencyDelaysEveryAnswer() {
        sim.knobs().setLatencyMillis(300);

        long started = System.nanoTime();
        assertThat(getVersions().statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void resetRestoresDefaults() {
        sim.knobs().setVersionsFailure(VersionsFailure.HTTP_500).setLatencyMillis(50).setRequireBase64(true)
                .setRejectCredentials(true).setSendRawTokens(true).setOmitCredentialsEndpoint(true)
                .setExtraEndpoints(List.of(new Endpoint("tariffs", "SENDER", "http://x/t"))).setMaxPageSize(5000);

        sim.knobs().reset();

        assertThat(sim.knobs().versionsFailure()).isEqualTo(VersionsFailure.NONE);
        assertThat(sim.knobs().latencyMillis()).isZero();
        assertThat(sim.knobs().requireBase64()).isFalse();
        assertThat(sim.knobs().rejectCredentials()).isFalse();
        assertThat(sim.knobs().sendRawTokens()).isFalse();
        assertThat(sim.knobs().omitCredentialsEndpoint()).isFalse();
        assertThat(sim.knobs().extraEndpoints()).isEmpty();
        assertThat(sim.knobs().maxPageSize()).isEqualTo(100);
        assertThatThrownBy(() -> sim.knobs().setMaxPageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.knobs().setMaxPageSize(10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(getVersions().statusCode()).isEqualTo(200);
    }

    @Test
    void chargingCycleKnobsHaveDefaultsAndResetToThem() {
        SimulatorKnobs knobs = sim.knobs();
        String defaults = knobs.toString();
        assertThat(knobs.commandBehaviour()).isEqualTo(CommandBehaviour.ACCEPT);
        assertThat(knobs.commandTimeoutSeconds()).isEqualTo(30);
        assertThat(knobs.resultDelayMillis()).isEqualTo(20);
        assertThat(knobs.failedResultType()).isEqualTo("EVSE_OCCUPIED");
        assertThat(knobs.startStatus()).isEqualTo("ACTIVE");
        assertThat(knobs.sessionUpdates()).isEqualTo(SessionUpdates.PATCH);
        assertThat(knobs.sendLiveCost()).isTrue();
        assertThat(knobs.pushSessions()).isTrue();
        assertThat(knobs.sendCdrOnStop()).isTrue();
        assertThat(knobs.cdrCostFactor()).isEqualByComparingTo("1");
        assertThat(knobs.duplicateCdr()).isFalse();
        assertThat(knobs.autoCycle()).isFalse();
        assertThat(knobs.autoUpdates()).isEqualTo(2);
        assertThat(knobs.autoStopAfterMillis()).isZero();
        assertThat(knobs.autoPowerKw()).isEqualByComparingTo("11");

        knobs.setCommandBehaviour(CommandBehaviour.SLOW).setCommandTimeoutSeconds(5).setResultDelayMillis(0)
                .setCommandResponseDelayMillis(1).setFailedResultType("TIMEOUT").setLateStartDelayMillis(1)
                .setStartStatus("PENDING").setSessionUpdates(SessionUpdates.PUT_ONLY).setSendLiveCost(false)
                .setPushSessions(false).setSendCdrOnStop(false).setCdrCostFactor(java.math.BigDecimal.TEN)
                .setDuplicateCdr(true).setAutoCycle(true).setAutoUpdates(0).setUpdateIntervalMillis(1)
                .setAutoStopAfterMillis(1).setAutoPowerKw(java.math.BigDecimal.ONE);
        assertThat(knobs.toString()).isNotEqualTo(defaults);

        assertThat(knobs.reset().toString()).isEqualTo(defaults);
        assertThatThrownBy(() -> knobs.setResultDelayMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setUpdateIntervalMillis(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setCommandBehaviour(null)).isInstanceOf(NullPointerException.class);
    }
}
