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

import com.rollyy.cposim.ocpi.Json;

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
        assertThat(knobs.autoCycle()).as("sessions charge by themselves").isTrue();
        assertThat(knobs.autoUpdates()).as("until they end").isEqualTo(SimulatorKnobs.UNTIL_THE_SESSION_ENDS);
        assertThat(knobs.updateIntervalMillis()).isEqualTo(1000);
        assertThat(knobs.autoStopAfterMillis()).isZero();
        assertThat(knobs.autoPowerKw()).isEqualByComparingTo("11");

        knobs.setCommandBehaviour(CommandBehaviour.SLOW).setCommandTimeoutSeconds(5).setResultDelayMillis(0)
                .setCommandResponseDelayMillis(1).setFailedResultType("TIMEOUT").setLateStartDelayMillis(1)
                .setStartStatus("PENDING").setSessionUpdates(SessionUpdates.PUT_ONLY).setSendLiveCost(false)
                .setPushSessions(false).setSendCdrOnStop(false).setCdrCostFactor(java.math.BigDecimal.TEN)
                .setDuplicateCdr(true).setAutoCycle(false).setAutoUpdates(0).setUpdateIntervalMillis(1)
                .setAutoStopAfterMillis(1).setAutoPowerKw(java.math.BigDecimal.ONE);
        assertThat(knobs.toString()).isNotEqualTo(defaults);

        assertThat(knobs.reset().toString()).isEqualTo(defaults);
        assertThatThrownBy(() -> knobs.setResultDelayMillis(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setUpdateIntervalMillis(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setAutoUpdates(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> knobs.setCommandBehaviour(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- sender faults ---------------------------------------------------------------------------

    /** A simulator registered with a fake eMSP, so its Sender lists can be called with the eMSP's token. */
    private String registered() throws Exception {
        FakeEmsp emsp = new FakeEmsp();
        emsp.accepted.add("emsp-token-a");
        try {
            sim.registerWith(emsp.versionsUrl(), "emsp-token-a");
        } finally {
            emsp.close();
        }
        return base64(sim.tokenIssuedToEmsp());
    }

    private static String link(HttpResponse<String> response) {
        String link = response.headers().firstValue("Link").orElse(null);
        return link == null ? null : link.substring(1, link.indexOf('>'));
    }

    @Test
    void senderFaultsReplaceTheAnswer() throws Exception {
        String token = registered();

        sim.knobs().setSenderFault(SenderFault.HTTP_503);
        HttpResponse<String> unavailable = send("GET", sim.locationsUrl(), token, null);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(unavailable.body()).doesNotContain("status_code");
        assertThat(getVersions().statusCode()).as("versions are not a Sender interface").isEqualTo(200);

        sim.knobs().setSenderFault(SenderFault.TOO_MANY_REQUESTS).setRetryAfterSeconds(3);
        HttpResponse<String> busy = send("GET", sim.tariffsUrl(), token, null);
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("3");

        sim.knobs().setSenderFault(SenderFault.NOT_JSON);
        HttpResponse<String> html = send("GET", sim.sessionsUrl() + "?date_from=2026-01-01T00:00:00Z", token, null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).startsWith("<!DOCTYPE html>");

        sim.knobs().setSenderFault(SenderFault.CLOSE_CONNECTION);
        assertThatThrownBy(() -> send("GET", sim.cdrsUrl(), token, null)).hasRootCauseInstanceOf(IOException.class);

        sim.knobs().setSenderFault(SenderFault.HTTP_503);
        HttpResponse<String> command = send("POST", sim.commandsUrl() + "/START_SESSION", token, "{}");
        assertThat(command.statusCode()).isEqualTo(503);
        assertThat(sim.commands()).as("a command answered 503 is not handled").isEmpty();
    }

    @Test
    void senderFaultsDamageOrDelayTheAnswer() throws Exception {
        String token = registered();
        String whole = send("GET", sim.locationsUrl(), token, null).body();

        sim.knobs().setSenderFault(SenderFault.TRUNCATED_BODY);
        HttpResponse<String> truncated = send("GET", sim.locationsUrl(), token, null);
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(truncated.body()).startsWith("{\"data\":[{").hasSize(whole.length() / 2);
        assertThat(whole).startsWith(truncated.body());
        assertThat(Json.parse(truncated.body())).as("not JSON any more").isEmpty();

        sim.knobs().setSenderFault(SenderFault.TRUNCATED_CONNECTION);
        long started = System.nanoTime();
        assertThatThrownBy(() -> send("GET", sim.locationsUrl(), token, null))
                .hasRootCauseInstanceOf(IOException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).as("the connection is closed, not left hanging")
                .isLessThan(5_000);

        sim.knobs().setSenderFault(SenderFault.SLOW).setSlowMillis(300);
        started = System.nanoTime();
        assertThat(send("GET", sim.locationsUrl(), token, null).body()).contains("LOC000010");
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void linkFaultsNeverLetAPullEnd() throws Exception {
        String token = registered();
        sim.knobs().setMaxPageSize(4);
        String base = sim.locationsUrl();

        sim.knobs().setSenderFault(SenderFault.LINK_TO_SAME_PAGE);
        assertThat(link(send("GET", base + "?offset=4&limit=4", token, null))).isEqualTo(base + "?offset=4&limit=4");

        sim.knobs().setSenderFault(SenderFault.LINK_TO_FIRST_PAGE);
        assertThat(link(send("GET", base + "?offset=8&limit=4", token, null))).isEqualTo(base + "?offset=0&limit=4");

        sim.knobs().setSenderFault(SenderFault.LINK_PAST_THE_END);
        HttpResponse<String> last = send("GET", base + "?offset=8&limit=4", token, null);
        assertThat(last.body()).contains("LOC000010");
        HttpResponse<String> past = send("GET", link(last), token, null);
        assertThat(link(last)).isEqualTo(base + "?offset=12&limit=4");
        assertThat((List<?>) envelope(past).get("data")).isEmpty();
        assertThat(link(past)).isEqualTo(base + "?offset=16&limit=4");

        sim.knobs().setSenderFault(SenderFault.EMPTY_PAGES);
        HttpResponse<String> empty = send("GET", base + "?offset=4&limit=4", token, null);
        assertThat((List<?>) envelope(empty).get("data")).isEmpty();
        assertThat(empty.headers().firstValue("X-Total-Count")).hasValue("10");
        assertThat(link(empty)).isEqualTo(base + "?offset=8&limit=4");

        sim.knobs().setSenderFault(SenderFault.LINK_TO_SAME_PAGE);
        assertThat(send("GET", base + "/LOC000001", token, null).headers().firstValue("Link"))
                .as("not a list").isEmpty();
    }

    @Test
    void aSenderFaultCanStartLaterStopByItselfAndHitSomeModulesOnly() throws Exception {
        String token = registered();
        sim.knobs().setSenderFault(SenderFault.HTTP_503, 1, 2);

        assertThat(send("GET", sim.locationsUrl(), token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", sim.locationsUrl(), token, null).statusCode()).isEqualTo(503);
        assertThat(sim.knobs().senderFaultTimes()).isEqualTo(1);
        assertThat(send("GET", sim.tariffsUrl(), token, null).statusCode()).isEqualTo(503);
        assertThat(sim.knobs().senderFault()).as("recovered by itself").isEqualTo(SenderFault.NONE);
        assertThat(send("GET", sim.locationsUrl(), token, null).statusCode()).isEqualTo(200);

        sim.knobs().setSenderFault(SenderFault.LINK_TO_SAME_PAGE, 1).setSenderFaultModules("tariffs");
        assertThat(send("GET", sim.locationsUrl(), token, null).headers().firstValue("Link")).isEmpty();
        assertThat(sim.knobs().senderFaultTimes()).as("other modules do not count").isEqualTo(1);
        assertThat(link(send("GET", sim.tariffsUrl(), token, null))).isEqualTo(sim.tariffsUrl());
        assertThat(sim.knobs().senderFault()).isEqualTo(SenderFault.NONE);

        assertThatThrownBy(() -> sim.knobs().setSenderFaultModules("versions"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.knobs().setSenderFault(SenderFault.HTTP_503, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.knobs().setSenderFault(SenderFault.HTTP_503, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetEndsSenderFaults() {
        String defaults = sim.knobs().toString();
        sim.knobs().setSenderFault(SenderFault.SLOW, 2, 3).setSenderFaultModules("cdrs").setRetryAfterSeconds(9)
                .setSlowMillis(1);
        assertThat(sim.knobs().toString()).isNotEqualTo(defaults);

        sim.knobs().reset();

        assertThat(sim.knobs().toString()).isEqualTo(defaults);
        assertThat(sim.knobs().senderFault()).isEqualTo(SenderFault.NONE);
        assertThat(sim.knobs().senderFaultAfter()).isZero();
        assertThat(sim.knobs().senderFaultTimes()).isEqualTo(-1);
        assertThat(sim.knobs().senderFaultModules()).isEqualTo(SimulatorKnobs.SENDER_FAULT_MODULES);
        assertThat(sim.knobs().retryAfterSeconds()).isEqualTo(1);
        assertThat(sim.knobs().slowMillis()).isEqualTo(30_000);
    }
}
