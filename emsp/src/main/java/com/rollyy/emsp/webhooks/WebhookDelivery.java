package com.rollyy.emsp.webhooks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Sends one stored event to the robot backend. Any answer but 2xx, or no answer, is a failure
 * that the scheduler retries with exponential backoff; after the last attempt the event is
 * marked FAILED (still readable through the job API). Delivery is at least once: a crash after
 * the POST but before recording it sends the event again, with the same id.
 */
@Service
class WebhookDelivery {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private final JdbcClient jdbc;
    private final WebhookProperties properties;
    private final HttpClient http;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    WebhookDelivery(JdbcClient jdbc, WebhookProperties properties, MeterRegistry meters,
                    ObservationRegistry observations) {
        this.meters = meters;
        this.observations = observations;
        if (properties.enabled() && (properties.secret() == null || properties.secret().isBlank())) {
            throw new IllegalStateException("ROLLYY_WEBHOOK_URL is set but ROLLYY_WEBHOOK_SECRET is not: the robot"
                    + " backend could not verify our events. Set a long random secret.");
        }
        this.jdbc = jdbc;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void deliver(UUID eventId) {
        var event = jdbc.sql("select type, status, payload::text, created_at from webhook_event where id = ?")
                .param(eventId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant().toString()}).optional();
        if (event.isEmpty() || !WebhookEvent.Status.PENDING.name().equals(event.get()[1])) {
            return;
        }
        String type = event.get()[0];
        String body = event.get()[2];
        int number = jdbc.sql("update webhook_event set attempts = attempts + 1 where id = ? returning attempts")
                .param(eventId).query(Integer.class).single();
        var request = HttpRequest.newBuilder(properties.url()).timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("Rollyy-Event-Id", eventId.toString())
                .header("Rollyy-Event-Type", type)
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret(), Instant.now().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // a client span: the tracing handler writes its traceparent into the request
        var sent = new RequestReplySenderContext<HttpRequest.Builder, Integer>(HttpRequest.Builder::header);
        sent.setCarrier(request);
        var observation = Observation.createNotStarted(OBSERVATION, () -> sent, observations)
                .contextualName("webhook " + type)
                .lowCardinalityKeyValue("type", type)
                .start();
        String outcome = "unreachable";
        try (var scope = observation.openScope()) {
            int status;
            try {
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                outcome = e instanceof java.net.http.HttpTimeoutException ? "timeout" : "unreachable";
                attempt(type, outcome);
                recordError(eventId, number, outcome, "unreachable: " + e);
                throw new IllegalStateException("webhook " + eventId + " not delivered: " + e, e);
            } catch (InterruptedException e) {
                // a stop cut the attempt off (db-scheduler interrupts after shutdown-max-wait). The flag
                // is not set again: the scheduler's thread ends after this anyway, and with it set the
                // scheduler could not record the failure (the pool refuses interrupted callers), leaving
                // the execution picked until another instance revives it as dead. Recorded as a failed
                // attempt, the delivery is retried after its backoff, on the next instance to poll.
                outcome = "interrupted";
                attempt(type, outcome);
                recordError(eventId, number, outcome, "interrupted: the service was stopping");
                throw new IllegalStateException("webhook " + eventId + " not delivered: the service was stopping", e);
            }
            sent.setResponse(status);
            if (status / 100 != 2) {
                outcome = "http_" + (status / 100) + "xx";
                attempt(type, outcome);
                recordError(eventId, number, outcome, "HTTP " + status);
                throw new IllegalStateException("webhook " + eventId + " answered HTTP " + status);
            }
            jdbc.sql("update webhook_event set status = 'DELIVERED', delivered_at = now(), last_error = null where id = ?")
                    .param(eventId).update();
            outcome = "delivered";
            attempt(type, outcome);
            record(eventId, number, outcome, null);
            Timer.builder("rollyy.webhook.delivery.lag").description("From an event's creation to its delivery")
                    .tag("type", type).serviceLevelObjectives(LAG_BUCKETS).register(meters)
                    .record(Duration.between(Instant.parse(event.get()[3]), Instant.now()));
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.lowCardinalityKeyValue("outcome", outcome).stop();
        }
    }

    /** The span of one delivery attempt (config.Tracing: no timer of its own, see the meters below). */
    static final String OBSERVATION = "webhook.delivery";

    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    /** {@code rollyy_webhook_deliveries_total{type,outcome}}: one per attempt. */
    private void attempt(String type, String outcome) {
        meters.counter("rollyy.webhook.deliveries", "type", type, "outcome", outcome).increment();
    }

    void giveUp(UUID eventId) {
        log.warn("Webhook event {} not delivered after {} attempts: marked FAILED", eventId,
                properties.maxAttempts());
        jdbc.sql("update webhook_event set status = 'FAILED' where id = ? and status = 'PENDING' returning type")
                .param(eventId).query(String.class).optional()
                .ifPresent(type -> meters.counter("rollyy.webhook.events.failed", "type", type).increment());
    }

    private void recordError(UUID eventId, int number, String outcome, String error) {
        log.info("Webhook event {} delivery failed: {}", eventId, error);
        jdbc.sql("update webhook_event set last_error = ? where id = ?").params(error, eventId).update();
        record(eventId, number, outcome, error);
    }

    /** One row per attempt (table webhook_attempt), shown on the console's job page. */
    private void record(UUID eventId, int number, String outcome, String error) {
        jdbc.sql("insert into webhook_attempt (event_id, attempt, outcome, error) values (?, ?, ?, ?)"
                        + " on conflict do nothing")
                .params(eventId, number, outcome, error).update();
    }

    private String secret() {
        return properties.secret();
    }

    @Configuration(proxyBeanMethods = false)
    static class Task {
        @Bean
        OneTimeTask<String> webhookDeliveryTask(ObjectProvider<WebhookDelivery> delivery, WebhookProperties properties) {
            FailureHandler<String> backoff = new FailureHandler.ExponentialBackoffFailureHandler<>(
                    properties.backoff(), 2.0);
            return Tasks.oneTime(WebhookEvents.DELIVERY)
                    .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(Math.max(0, properties.maxAttempts() - 1),
                            backoff, (complete, operations) -> // the handler has already removed the execution
                                    delivery.getObject().giveUp(UUID.fromString(complete.getExecution().taskInstance.getId()))))
                    .execute((instance, context) -> delivery.getObject().deliver(UUID.fromString(instance.getId())));
        }
    }

}
