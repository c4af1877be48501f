package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.sessions.CdrToken;
import com.rollyy.emsp.support.TestHttp;

/**
 * What a robot backend reads with its API key: CDRs by robot job, by our session id or the CPO's,
 * by connection, one by id; Sessions by status and connection; both paginated.
 */
class ProductReadsTest extends ChargingFlowSupport {

    private String jobId;
    private String sessionId;
    private String ocpiSessionId;

    @Test
    void cdrsAreReadableWithTheApiKeyByJobSessionAndConnection() {
        chargedAndBilled();
        JsonNode all = api("GET", "/v1/cdrs").send().json();
        assertThat(all.size()).isEqualTo(1);
        JsonNode cdr = all.get(0);
        String cdrId = cpo.cdrs().get(0).id();
        assertThat(cdr.get("id").asString()).isEqualTo(cdrId);
        assertThat(cdr.get("robot_session_id").asString()).isEqualTo(sessionId);
        assertThat(cdr.get("robot_job_id").asString()).isEqualTo(jobId);
        assertThat(cdr.get("session_id").asString()).isEqualTo(ocpiSessionId);
        assertThat(cdr.get("connection_id").asString()).isEqualTo(connectionId);
        assertThat(cdr.get("cdr").get("total_cost").get("excl_vat").decimalValue()).isPositive();

        for (String query : new String[] {"robot_job_id=" + jobId, "session_id=" + sessionId,
                "session_id=" + sessionId.toUpperCase(), "session_id=" + ocpiSessionId, "connection_id=" + connectionId,
                "robot_job_id=" + jobId + "&session_id=" + ocpiSessionId + "&connection_id=" + connectionId}) {
            var found = api("GET", "/v1/cdrs?" + query).send();
            assertThat(found.json().size()).as(query).isEqualTo(1);
            assertThat(found.json().get(0).get("id").asString()).isEqualTo(cdrId);
        }
        for (String query : new String[] {"robot_job_id=" + UUID.randomUUID(), "session_id=nope",
                "connection_id=" + UUID.randomUUID()}) {
            var none = api("GET", "/v1/cdrs?" + query).send();
            assertThat(none.status()).isEqualTo(200);
            assertThat(none.json().size()).as(query).isZero();
            assertThat(none.header("X-Total-Count")).isEqualTo("0");
        }
        var one = api("GET", "/v1/cdrs/" + cdrId).send();
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("robot_job_id").asString()).isEqualTo(jobId);
        assertThat(api("GET", "/v1/cdrs/" + cdrId + "?country_code=nl&party_id=sim").send().status()).isEqualTo(200);
        var unknown = api("GET", "/v1/cdrs/NO-SUCH-CDR").send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("unknown_cdr");

        // bad input names the parameter
        assertThat(api("GET", "/v1/cdrs?robot_job_id=job-1").send().json().get("message").asString())
                .contains("'robot_job_id'");
        assertThat(api("GET", "/v1/cdrs?limit=0").send().json().get("message").asString()).contains("'limit'");
        assertThat(api("GET", "/v1/cdrs?offset=-1").send().json().get("message").asString()).contains("'offset'");
        assertThat(api("GET", "/v1/cdrs?limit=x").send().status()).isEqualTo(400);

        // the API key, not the CPO's OCPI token
        assertThat(TestHttp.request("GET", url("/v1/cdrs")).send().status()).isEqualTo(401);
        assertThat(TestHttp.request("GET", url("/v1/cdrs/" + cdrId)).token(cpo.tokenForEmsp()).send().status())
                .isEqualTo(401);
    }

    @Test
    void sessionsAreListedByStatusAndConnectionWithTheirRobotSession() {
        chargedAndBilled();
        var completed = api("GET", "/v1/sessions?status=completed").send();
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().size()).isEqualTo(1);
        JsonNode session = completed.json().get(0);
        assertThat(session.get("id").asString()).isEqualTo(ocpiSessionId);
        assertThat(session.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(session.get("robot_session_id").asString()).isEqualTo(sessionId);
        assertThat(session.get("robot_job_id").asString()).isEqualTo(jobId);
        assertThat(session.get("connection_id").asString()).isEqualTo(connectionId);
        assertThat(session.get("session").get("kwh").decimalValue()).isEqualByComparingTo("5");

        assertThat(api("GET", "/v1/sessions?status=ACTIVE").send().json().size()).isZero();
        assertThat(api("GET", "/v1/sessions?connection_id=" + connectionId).send().json().size()).isEqualTo(1);
        assertThat(api("GET", "/v1/sessions?connection_id=" + UUID.randomUUID()).send().json().size()).isZero();
        var bad = api("GET", "/v1/sessions?status=charging").send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asString()).contains("'status'", "COMPLETED");
    }

    @Test
    void listsArePaginatedNewestFirst() {
        chargedAndBilled();
        // two sessions a card started at the charger: no robot session of ours
        for (int i = 1; i <= 2; i++) {
            var card = cpo.startSessionWithoutCommand(new CdrToken("NL", "RYY", "CARD-" + i, "RFID", "NL-RYY-C" + i),
                    "WHITELIST", null, asset.get("location").get("id").asString(), null, null);
            cpo.stopSession(card.id());
        }
        await().atMost(WAIT).until(() -> api("GET", "/v1/cdrs").send().header("X-Total-Count").equals("3"));

        var first = api("GET", "/v1/cdrs?limit=2").send();
        assertThat(first.json().size()).isEqualTo(2);
        assertThat(first.header("X-Total-Count")).isEqualTo("3");
        assertThat(first.header("X-Limit")).isEqualTo("500");
        String next = first.header("Link");
        assertThat(next).contains("offset=2", "limit=2").endsWith("rel=\"next\"");
        String nextUrl = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        var last = TestHttp.request("GET", nextUrl).apiKey(API_KEY).send();
        assertThat(last.json().size()).isEqualTo(1);
        assertThat(last.header("Link")).isNull();
        assertThat(last.json().get(0).get("robot_job_id").asString()).as("the oldest: the robot's").isEqualTo(jobId);
        assertThat(first.json().get(0).path("robot_job_id").isMissingNode()).as("a card's CDR: no robot job").isTrue();

        var sessions = api("GET", "/v1/sessions?status=COMPLETED&limit=1&offset=1").send();
        assertThat(sessions.header("X-Total-Count")).isEqualTo("3");
        assertThat(sessions.json().size()).isEqualTo(1);
        assertThat(sessions.header("Link")).contains("status=COMPLETED", "offset=2", "limit=1");
    }

    /** A robot job charged 5 kWh, stopped, and its CDR arrived. */
    private void chargedAndBilled() {
        connect();
        jobId = newJob();
        var started = start(jobId);
        assertThat(started.status()).isEqualTo(200);
        sessionId = started.json().get("session_id").asString();
        ocpiSessionId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiSessionId, new BigDecimal("5"), Duration.ofMinutes(20));
        assertThat(stop(ocpiSessionId).status()).isEqualTo(200);
        awaitJob(jobId, "completed");
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("cdr_id"));
    }
}
