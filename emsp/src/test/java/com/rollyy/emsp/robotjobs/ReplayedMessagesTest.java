package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.TestHttp;

/**
 * Messages a CPO (or someone who recorded its traffic) sends again: a command result posted twice,
 * in both spellings and with another result, and a CDR pushed three times. The first one counts;
 * the rest are acknowledged and change nothing: no second status change, no second webhook event,
 * no second payment.
 */
class ReplayedMessagesTest extends ChargingFlowSupport {

    @BeforeEach
    void connected() {
        connect();
    }

    @Test
    void aReplayedCommandResultIsAppliedAndAnnouncedOnce() {
        String jobId = newJob();
        String responseUrl = startAwaitingResult(jobId);
        String commandId = responseUrl.substring(responseUrl.lastIndexOf('/') + 1);
        String result = "{\"result\":\"REJECTED\",\"message\":[{\"language\":\"en\",\"text\":\"No\"}]}";

        var first = cpo.callEmsp("POST", responseUrl, result);
        assertThat(first.status()).isEqualTo(200);
        assertThat(job(jobId).get("status").asString()).isEqualTo("failed");
        String command = commandRow(commandId);
        String jobState = jobRows(jobId);
        long events = webhookEvents(jobId);
        assertThat(events).isPositive();

        for (String replay : new String[] {result, result, "{\"result\":\"ACCEPTED\"}"}) {
            var again = cpo.callEmsp("POST", responseUrl, replay);
            assertThat(again.status()).isEqualTo(200);
            assertThat(TestHttp.parse(again.body()).get("status_code").asInt()).isEqualTo(1000);
        }
        var bodyForm = cpo.callEmsp("POST", url("/ocpi/2.2.1/commands/callback"),
                "{\"command_id\":\"" + commandId + "\",\"result\":\"ACCEPTED\"}");
        assertThat(TestHttp.parse(bodyForm.body()).get("status_code").asInt()).isEqualTo(1000);

        assertThat(commandRow(commandId)).as("the first result stays").isEqualTo(command);
        assertThat(jobRows(jobId)).as("job and session unchanged").isEqualTo(jobState);
        assertThat(webhookEvents(jobId)).as("no second event").isEqualTo(events);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> robotBackend.forJob(jobId).stream().filter(d -> d.type().equals("session.start_failed"))
                        .map(d -> d.eventId()).distinct().count() == 1);
    }

    @Test
    void aReplayedCdrIsStoredOncePaidOnceAndAnnouncedOnce() throws Exception {
        String jobId = newJob();
        assertThat(start(jobId).status()).isEqualTo(200);
        String ocpiId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiId, new BigDecimal("10"), Duration.ofMinutes(40));
        assertThat(stop(ocpiId).status()).isEqualTo(200);
        awaitJob(jobId, "completed");
        // settled on our side too: payment.succeeded is recorded after Stripe's answer, not with its request
        await().atMost(WAIT).until(() -> cpo.cdrs().size() == 1 && STRIPE.paymentIntentsCreated() == 1
                && "SUCCEEDED".equals(jdbc.sql("select status from payment").query(String.class).optional().orElse("")));
        var cdr = cpo.cdrs().get(0);
        String stored = jdbc.sql("select doc::text from cdr where id = upper(?)").param(cdr.id()).query(String.class).single();
        long events = webhookEvents(jobId);
        String location = cdr.emspLocation();

        for (int i = 0; i < 2; i++) {
            var again = cpo.pushJson("POST", "cdrs", "", cdr.json());
            assertThat(again.status()).as("acknowledged").isEqualTo(200);
        }
        var put = cpo.callEmsp("PUT", url("/ocpi/2.2.1/cdrs/" + cdr.id()), cdr.json());
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.header("Location")).isEqualTo(location);

        assertThat(jdbc.sql("select count(*) from cdr").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select doc::text from cdr where id = upper(?)").param(cdr.id()).query(String.class).single())
                .isEqualTo(stored);
        assertThat(jdbc.sql("select count(*) from payment").query(Long.class).single()).isEqualTo(1);
        assertThat(webhookEvents(jobId)).isEqualTo(events);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> STRIPE.paymentIntentsCreated() == 1);
    }

    private String commandRow(String id) {
        return jdbc.sql("select t::text from ocpi_command t where id = ?").param(UUID.fromString(id)).query(String.class)
                .single();
    }

    private String jobRows(String jobId) {
        return jdbc.sql("select (select t::text from robot_job t where id = ?) || (select string_agg(s::text, '|')"
                + " from job_session s where robot_job_id = ?)").params(UUID.fromString(jobId), UUID.fromString(jobId))
                .query(String.class).single();
    }

    private long webhookEvents(String jobId) {
        return jdbc.sql("select count(*) from webhook_event where robot_job_id = ?").param(UUID.fromString(jobId))
                .query(Long.class).single();
    }
}
