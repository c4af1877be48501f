package com.rollyy.emsp.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import com.rollyy.cposim.ocpi.RecordedRequest;
import com.rollyy.emsp.robotjobs.ChargingFlowSupport;
import com.rollyy.emsp.support.FakeRobotBackend;
import com.rollyy.emsp.support.Scrape;

/**
 * A robot job's life as traces: the product request's trace reaches the CPO (a span per OCPI
 * request, and the {@code traceparent} header), background work runs in traces of its own
 * (Stripe, webhooks), and the trace id is in the log lines, sampled or not. Nothing is exported
 * by default.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingTest extends ChargingFlowSupport {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Autowired
    ApplicationContext context;

    @Test
    void aRobotJobIsTracedFromTheProductRequestToTheCpoStripeAndTheRobotBackend(CapturedOutput output) {
        connect();
        // a pull reads pages on a thread of its own: its requests are still spans of the product request
        SpanData syncRequest = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/locations/sync/"));
        assertThat(SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().equals("ocpi GET locations")).toList())
                .isNotEmpty().allMatch(s -> s.getTraceId().equals(syncRequest.getTraceId()));
        String jobId = newJob();
        Scrape before = Scrape.take(url(""));

        var started = api("POST", "/ocpi/2.2.1/commands/START_SESSION")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .header("X-Request-ID", "trace-check-1")
                .json("""
                        {"robot_job_id":"%s","location_id":"%s","evse_uid":"%s"}""".formatted(jobId,
                        asset.get("location").get("id").asString(), asset.get("evse_uid").asString())).send();
        assertThat(started.status()).isEqualTo(200);

        // the request continues the caller's trace: its server span is a child of the caller's span
        SpanData server = awaitSpan(s -> s.getTraceId().equals(CALLER_TRACE) && s.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(server.getName()).isEqualTo("http post /ocpi/2.2.1/commands/START_SESSION");

        // the START sent to the CPO: a span in that trace, tagged like ocpi_client_requests_seconds
        SpanData command = awaitSpan(s -> s.getName().equals("ocpi POST commands"));
        assertThat(command.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(attribute(command, "module")).isEqualTo("commands");
        assertThat(attribute(command, "method")).isEqualTo("POST");
        assertThat(attribute(command, "outcome")).isEqualTo("OK");
        assertThat(attribute(command, "connection")).isEqualTo(connectionId);
        assertThat(ancestors(command)).as("under the product request's span").contains(server.getSpanId());

        // the CPO got the trace context; the span it names is the HTTP client span under ours
        RecordedRequest received = cpo.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().contains("/commands/START_SESSION")).findFirst()
                .orElseThrow();
        String traceparent = received.header("traceparent");
        assertThat(traceparent).startsWith("00-" + CALLER_TRACE + "-").endsWith("-01");
        SpanData http = awaitSpan(s -> s.getSpanId().equals(traceparent.split("-")[2]));
        assertThat(http.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(http.getName()).isEqualTo("http post");
        assertThat(http.getParentSpanId()).isEqualTo(command.getSpanId());

        // the access line of the request carries its trace id
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll().lines()
                .filter(l -> l.contains("rollyy.access") && l.contains("req=trace-check-1")).toList())
                .singleElement().asString().contains("trace=" + CALLER_TRACE)
                .contains("POST /ocpi/2.2.1/commands/START_SESSION 200"));

        // on to the CDR, the payment and the webhooks: background work
        String ocpiSessionId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));
        assertThat(stop(ocpiSessionId).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
            assertThat(robotBackend.types(jobId)).contains("session.started", "payment.succeeded");
        });

        // the charge: a span under the run of the payment task, tagged with operation and outcome
        SpanData charge = awaitSpan(s -> s.getName().equals("stripe payment_intents.create"));
        assertThat(attribute(charge, "operation")).isEqualTo("payment_intents.create");
        assertThat(attribute(charge, "outcome")).isEqualTo("succeeded");
        SpanData paymentTask = span(s -> s.getSpanId().equals(charge.getParentSpanId())).orElseThrow();
        assertThat(paymentTask.getName()).isEqualTo("stripe-payment");
        assertThat(attribute(paymentTask, "task")).isEqualTo("stripe-payment");
        assertThat(output.getAll().lines().filter(l -> l.contains("succeeded:") && l.contains("Stripe pi_")))
                .as("the payment task's log line carries its trace id").isNotEmpty()
                .allMatch(l -> l.contains("trace=" + charge.getTraceId()));

        // each webhook delivery: a client span under its task run, its traceparent sent along
        FakeRobotBackend.Delivery delivered = robotBackend.forJob(jobId).stream()
                .filter(d -> d.type().equals("session.started")).findFirst().orElseThrow();
        assertThat(delivered.traceparent()).isNotNull();
        String[] context = delivered.traceparent().split("-");
        SpanData webhook = awaitSpan(s -> s.getSpanId().equals(context[2]));
        assertThat(webhook.getTraceId()).isEqualTo(context[1]);
        assertThat(webhook.getName()).isEqualTo("webhook session.started");
        assertThat(webhook.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attribute(webhook, "type")).isEqualTo("session.started");
        assertThat(attribute(webhook, "outcome")).isEqualTo("delivered");
        assertThat(span(s -> s.getSpanId().equals(webhook.getParentSpanId())).orElseThrow().getName())
                .isEqualTo("webhook-delivery");

        // Stripe calls are timed too; the other spans have meters of their own and make no second one
        Scrape after = Scrape.take(url(""));
        assertThat(after.delta(before, "stripe_request_seconds_count", "operation", "payment_intents.create",
                "outcome", "succeeded")).isEqualTo(1);
        assertThat(after.text().lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.startsWith("ocpi_client_request_") || l.startsWith("webhook_delivery_")
                        || l.startsWith("scheduler_task_") || l.startsWith("stripe_request_active")).toList()).isEmpty();
    }

    @Test
    void aCallerThatDoesNotSampleStillFindsItsTraceIdInOurLogsAndNothingIsRecorded(CapturedOutput output) {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        var answer = api("GET", "/v1/robot-jobs?limit=1").header("traceparent", "00-" + trace + "-b7ad6b7169203331-00")
                .header("X-Request-ID", "unsampled-1").send();
        assertThat(answer.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll().lines()
                .filter(l -> l.contains("rollyy.access") && l.contains("req=unsampled-1")).toList())
                .singleElement().asString().contains("trace=" + trace));
        assertThat(SPANS.getFinishedSpanItems()).noneMatch(s -> s.getTraceId().equals(trace));
    }

    @Test
    void byDefaultNoSpanMetricOrLogRecordLeavesTheProcess() {
        assertThat(context.getBeanNamesForType(io.opentelemetry.sdk.trace.export.SpanExporter.class))
                .as("no exporter: OTLP export needs its endpoint").isEmpty();
        assertThat(context.getBeanNamesForType(io.opentelemetry.sdk.logs.export.LogRecordExporter.class)).isEmpty();
        assertThat(context.getBeanNamesForType(io.opentelemetry.sdk.metrics.export.MetricReader.class)).isEmpty();
        assertThat(ClassUtils.isPresent("io.micrometer.registry.otlp.OtlpMeterRegistry", null))
                .as("no OTLP meter registry").isFalse();
        assertThat(context.getEnvironment().getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isNull();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static Optional<SpanData> span(Predicate<SpanData> which) {
        return SPANS.getFinishedSpanItems().stream().filter(which).findFirst();
    }

    private static SpanData awaitSpan(Predicate<SpanData> which) {
        return await().atMost(WAIT).until(() -> span(which), Optional::isPresent).orElseThrow();
    }

    /** The span ids above this one, nearest first, as far as they are recorded. */
    private static List<String> ancestors(SpanData span) {
        var ids = new java.util.ArrayList<String>();
        Optional<SpanData> parent = span(s -> s.getSpanId().equals(span.getParentSpanId()));
        while (parent.isPresent()) {
            SpanData p = parent.get();
            ids.add(p.getSpanId());
            parent = span(s -> s.getSpanId().equals(p.getParentSpanId()));
        }
        return ids;
    }
}
