package com.rollyy.cposim;

import static com.rollyy.cposim.TestHttp.base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.commands.ReceivedCommand;
import com.rollyy.cposim.locations.Dataset;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.sessions.OutboundPush;

/** POST /ocpi/2.2.1/commands/{command}: validation, each CommandBehaviour, results and recording. */
class CommandsTest extends CycleTestSupport {

    @Test
    void acceptAnswersThenPostsTheResultThenPutsTheSession() throws Exception {
        Place place = ac();

        HttpResponse<String> response = command("START_SESSION", startBody(place, "AUTH-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.envelope(response)).containsEntry("status_code", 1000);
        assertThat(data(response)).isEqualTo(Map.of("result", "ACCEPTED", "timeout", 30));
        assertThat(response.headers().firstValue("OCPI-from-party-id")).hasValue("SIM");
        assertThat(response.headers().firstValue("OCPI-to-party-id")).hasValue("RLY");
        FakeEmsp.await("the session PUT", () -> emsp.sessionCalls().size() == 1);

        List<FakeEmsp.Seen> calls = emsp.moduleCalls();
        assertThat(calls).extracting(FakeEmsp.Seen::method).containsExactly("POST", "PUT");
        FakeEmsp.Seen result = calls.get(0);
        assertThat(result.path()).isEqualTo("/emsp/2.2.1/commands/START_SESSION/AUTH-1");
        assertThat(result.body()).isEqualTo("{\"result\":\"ACCEPTED\"}");
        assertThat(result.authorization()).isEqualTo(base64(sim.tokenForEmsp()));
        assertThat(result.header("OCPI-to-party-id")).isEqualTo("RLY");
        FakeEmsp.Seen put = calls.get(1);
        assertThat(put.path()).isEqualTo("/emsp/2.2.1/sessions/NL/SIM/SIM-S-1");
        assertThat(put.authorization()).isEqualTo(base64(sim.tokenForEmsp()));

        List<ReceivedCommand> commands = sim.commands();
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).command()).isEqualTo("START_SESSION");
        assertThat(commands.get(0).responseUrl()).isEqualTo(emsp.responseUrl("START_SESSION", "AUTH-1"));
        assertThat(commands.get(0).result()).isEqualTo("ACCEPTED");
        assertThat(commands.get(0).body()).contains("\"authorization_reference\":\"AUTH-1\"");
        awaitIdle();
        assertThat(sim.pushes()).extracting(OutboundPush::what).containsExactly("COMMAND_RESULT", "SESSION_PUT");
        assertThat(sim.pushes()).allMatch(OutboundPush::succeeded);
        sim.clearCommands();
        assertThat(sim.commands()).isEmpty();
    }

    @Test
    void rejectAndNotSupportedAnswerAndDoNothingElse() throws Exception {
        sim.knobs().setCommandBehaviour(CommandBehaviour.REJECT);
        Map<String, Object> rejected = data(command("START_SESSION", startBody(ac(), "AUTH-1")));
        sim.knobs().setCommandBehaviour(CommandBehaviour.NOT_SUPPORTED);
        Map<String, Object> notSupported = data(command("START_SESSION", startBody(ac(), "AUTH-2")));

        assertThat(rejected).containsEntry("result", "REJECTED").containsEntry("timeout", 0).containsKey("message");
        assertThat(notSupported).containsEntry("result", "NOT_SUPPORTED").containsEntry("timeout", 0);
        awaitIdle();
        assertThat(emsp.moduleCalls()).isEmpty();
        assertThat(sim.sessions()).isEmpty();
        assertThat(sim.commands()).extracting(ReceivedCommand::result).containsExactly("REJECTED", "NOT_SUPPORTED");
    }

    @Test
    void slowAnswersLateButStillStartsTheSession() throws Exception {
        // a timeout long enough for the request to arrive on a busy machine (100 ms was not always)
        sim.knobs().setCommandBehaviour(CommandBehaviour.SLOW).setCommandResponseDelayMillis(2_500);
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.commandsUrl() + "/START_SESSION"))
                .timeout(Duration.ofMillis(1_000))
                .header("Authorization", base64(token))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestHttp.json(startBody(ac(), "AUTH-1"))))
                .build();

        // the caller gives up; the simulator carries on as if it had answered ACCEPTED
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        FakeEmsp.await("the session PUT", () -> emsp.sessionCalls().size() == 1);
        assertThat(emsp.commandResults).hasSize(1);
        assertThat(sim.commands()).extracting(ReceivedCommand::result).containsExactly("ACCEPTED");
    }

    @Test
    void acceptNoResultSendsNothing() throws Exception {
        sim.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT);

        assertThat(data(command("START_SESSION", startBody(ac(), "AUTH-1")))).containsEntry("result", "ACCEPTED");

        awaitIdle();
        assertThat(emsp.moduleCalls()).isEmpty();
        assertThat(sim.sessions()).isEmpty();
    }

    @Test
    void acceptResultFailedPostsTheFailureAndStartsNothing() throws Exception {
        sim.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_RESULT_FAILED);
        command("START_SESSION", startBody(ac(), "AUTH-1"));
        sim.knobs().setFailedResultType("FAILED");
        command("START_SESSION", startBody(ac(), "AUTH-2"));

        awaitIdle();
        assertThat(emsp.commandResults).hasSize(2);
        assertThat(emsp.commandResults).extracting(seen -> TestHttp.JSON.readTree(seen.body()).get("result").asString())
                .containsExactlyInAnyOrder("EVSE_OCCUPIED", "FAILED");
        assertThat(emsp.commandResults.get(0).body()).contains("\"message\":[{");
        assertThat(emsp.sessionCalls()).isEmpty();
        assertThat(sim.sessions()).isEmpty();
        assertThatThrownBy(() -> sim.knobs().setFailedResultType("BROKEN")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lateStartPutsTheSessionLaterWithoutAResult() throws Exception {
        sim.knobs().setCommandBehaviour(CommandBehaviour.LATE_START).setLateStartDelayMillis(150);
        long sent = System.nanoTime();

        assertThat(data(command("START_SESSION", startBody(ac(), "AUTH-1")))).containsEntry("result", "ACCEPTED");

        FakeEmsp.await("the session PUT", () -> emsp.sessionCalls().size() == 1);
        assertThat((System.nanoTime() - sent) / 1_000_000).isGreaterThanOrEqualTo(150);
        assertThat(emsp.commandResults).isEmpty();
        assertThat(emsp.sessions.get("SIM-S-1")).containsEntry("authorization_reference", "AUTH-1");
    }

    @Test
    void stopBehavesLikeStart() throws Exception {
        String sessionId = startSession(ac(), "AUTH-1");
        sim.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_RESULT_FAILED);
        command("STOP_SESSION", stopBody(sessionId, "S1"));
        awaitIdle();
        assertThat(sim.session(sessionId).orElseThrow().status()).isEqualTo("ACTIVE");

        sim.knobs().setCommandBehaviour(CommandBehaviour.LATE_START).setLateStartDelayMillis(50);
        assertThat(data(command("STOP_SESSION", stopBody(sessionId, "S2")))).containsEntry("result", "ACCEPTED");
        awaitIdle();
        assertThat(sim.session(sessionId).orElseThrow().status()).isEqualTo("COMPLETED");
        // the failed result of the first STOP, none for the late one
        assertThat(emsp.commandResults).extracting(FakeEmsp.Seen::path)
                .containsExactly("/emsp/2.2.1/commands/START_SESSION/AUTH-1", "/emsp/2.2.1/commands/STOP_SESSION/S1");
    }

    @Test
    void missingFieldsAre2001NamingTheField() {
        Map<String, Object> noUrl = startBody(ac(), "A");
        noUrl.remove("response_url");
        Map<String, Object> noToken = startBody(ac(), "A");
        noToken.remove("token");
        Map<String, Object> noLocation = startBody(ac(), "A");
        noLocation.remove("location_id");
        Map<String, Object> noIssuer = startBody(ac(), "A");
        Map<String, Object> withoutIssuer = token();
        withoutIssuer.remove("issuer");
        noIssuer.put("token", withoutIssuer);
        Map<String, Object> badUrl = startBody(ac(), "A");
        badUrl.put("response_url", "not a url");

        for (Map.Entry<Map<String, Object>, String> c : Map.of(noUrl, "response_url is missing", noToken,
                "token is missing", noLocation, "location_id is missing", noIssuer, "token.issuer is missing",
                badUrl, "response_url").entrySet()) {
            HttpResponse<String> response = command("START_SESSION", c.getKey());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestHttp.envelope(response)).containsEntry("status_code", 2001);
            assertThat((String) TestHttp.envelope(response).get("status_message")).contains(c.getValue());
        }
        HttpResponse<String> stop = command("STOP_SESSION", Map.of("response_url", emsp.responseUrl("STOP_SESSION", "x")));
        assertThat(TestHttp.envelope(stop)).containsEntry("status_code", 2001)
                .containsEntry("status_message", "session_id is missing");

        HttpResponse<String> malformed = TestHttp.send("POST", sim.commandsUrl() + "/START_SESSION", base64(token),
                "{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(TestHttp.envelope(malformed)).containsEntry("status_code", 2001);
        assertThat(sim.commands()).hasSize(7).allSatisfy(c -> assertThat(c.result()).isNull());
        assertThat(sim.sessions()).isEmpty();
    }

    @Test
    void unknownPlacesAreRejected() {
        Place dc = dc();
        Map<String, Object> unknownLocation = startBody(dc, "A");
        unknownLocation.put("location_id", "LOC999999");
        unknownLocation.remove("evse_uid");
        unknownLocation.remove("connector_id");
        Map<String, Object> unknownEvse = startBody(dc, "A");
        unknownEvse.put("evse_uid", dc.locationId() + "-E9");
        Map<String, Object> connectorWithoutEvse = startBody(dc, "A");
        connectorWithoutEvse.remove("evse_uid");

        HttpResponse<String> location = command("START_SESSION", unknownLocation);
        assertThat(location.statusCode()).isEqualTo(200);
        assertThat(TestHttp.envelope(location)).containsEntry("status_code", 2003);
        assertThat(data(location)).containsEntry("result", "REJECTED").containsEntry("timeout", 0)
                .containsEntry("message", List.of(Map.of("language", "en", "text", "Unknown Location: LOC999999")));
        assertThat(TestHttp.envelope(command("START_SESSION", unknownEvse))).containsEntry("status_code", 2001);
        assertThat(data(command("START_SESSION", connectorWithoutEvse))).containsEntry("result", "REJECTED");
        assertThat(sim.commands()).extracting(ReceivedCommand::result).containsOnly("REJECTED");
    }

    @Test
    void anEvseThatNeedsAConnectorIdGetsOne() throws Exception {
        // EVSEs with two connectors carry START_SESSION_CONNECTOR_REQUIRED
        Map<String, Object> evse = null;
        for (int i = 1; i <= 10 && evse == null; i++) {
            for (int n = 1; n <= 3; n++) {
                Map<String, Object> candidate = Json.exactObject(sim.evseJson(i, n));
                if (((List<?>) candidate.get("connectors")).size() == 2) {
                    evse = candidate;
                    evse.put("location_id", Dataset.locationId(i));
                    break;
                }
            }
        }
        assertThat(evse).as("an EVSE with two connectors").isNotNull();
        Place place = new Place((String) evse.get("location_id"), (String) evse.get("uid"), "2", null);
        Map<String, Object> body = startBody(place, "A");
        body.remove("connector_id");

        HttpResponse<String> refused = command("START_SESSION", body);
        assertThat(TestHttp.envelope(refused)).containsEntry("status_code", 2001);
        assertThat((String) TestHttp.envelope(refused).get("status_message")).contains("START_SESSION_CONNECTOR_REQUIRED");

        String sessionId = startSession(place, "B");
        assertThat(sim.session(sessionId).orElseThrow().connectorId()).isEqualTo("2");
    }

    @Test
    void otherAndUnknownCommandsAreNotSupported() {
        for (String name : List.of("RESERVE_NOW", "CANCEL_RESERVATION", "UNLOCK_CONNECTOR", "SELF_DESTRUCT")) {
            HttpResponse<String> response = command(name, Map.of("response_url", emsp.responseUrl(name, "1")));
            assertThat(TestHttp.envelope(response)).containsEntry("status_code", 1000);
            assertThat(data(response)).containsEntry("result", "NOT_SUPPORTED");
        }
        assertThat(TestHttp.send("GET", sim.commandsUrl() + "/START_SESSION", base64(token), null).statusCode())
                .isEqualTo(405);
        assertThat(TestHttp.send("POST", sim.commandsUrl(), base64(token), "{}").statusCode()).isEqualTo(404);
        assertThat(TestHttp.send("POST", sim.commandsUrl() + "/START_SESSION", base64(sim.tokenA()), "{}").statusCode())
                .isEqualTo(401);
        assertThat(sim.commands()).extracting(ReceivedCommand::command)
                .containsExactly("RESERVE_NOW", "CANCEL_RESERVATION", "UNLOCK_CONNECTOR", "SELF_DESTRUCT");
    }

    @Test
    void aRepeatedStartIsAcceptedTwiceButStartsOneSession() throws Exception {
        Map<String, Object> body = startBody(ac(), "AUTH-1");

        assertThat(data(command("START_SESSION", body))).containsEntry("result", "ACCEPTED");
        assertThat(data(command("START_SESSION", body))).containsEntry("result", "ACCEPTED");

        awaitIdle();
        assertThat(sim.commands()).hasSize(2);
        assertThat(emsp.commandResults).hasSize(2);
        assertThat(sim.sessions()).hasSize(1);
        assertThat(emsp.sessionCalls()).hasSize(1);
    }

    @Test
    void stopOfAnUnknownSessionAndStopTwice() throws Exception {
        HttpResponse<String> unknown = command("STOP_SESSION", stopBody("SIM-S-404", "S0"));
        assertThat(TestHttp.envelope(unknown)).containsEntry("status_code", 1000);
        assertThat(data(unknown)).containsEntry("result", "UNKNOWN_SESSION").containsEntry("timeout", 0);

        String sessionId = startSession(ac(), "AUTH-1");
        assertThat(data(command("STOP_SESSION", stopBody(sessionId.toLowerCase(), "S1")))).containsEntry("result", "ACCEPTED");
        assertThat(data(command("STOP_SESSION", stopBody(sessionId, "S2")))).containsEntry("result", "ACCEPTED");

        awaitIdle();
        assertThat(emsp.commandResults).extracting(FakeEmsp.Seen::path).containsExactly(
                "/emsp/2.2.1/commands/START_SESSION/AUTH-1", "/emsp/2.2.1/commands/STOP_SESSION/S1",
                "/emsp/2.2.1/commands/STOP_SESSION/S2");
        assertThat(emsp.sessionCalls()).extracting(FakeEmsp.Seen::method).containsExactly("PUT", "PUT");
        assertThat(emsp.sessions.get(sessionId)).containsEntry("status", "COMPLETED");
        assertThat(emsp.cdrsReceived).hasSize(1);
        assertThat(sim.commands()).extracting(ReceivedCommand::result)
                .containsExactly("UNKNOWN_SESSION", "ACCEPTED", "ACCEPTED", "ACCEPTED");
    }
}
