package com.rollyy.emsp.config;

import java.util.Set;

import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Traces (docs/operations.md "Traces"): Spring Boot's Micrometer Tracing on the OpenTelemetry
 * SDK does the work; this adds what is ours. The trace and span ids go into the logging context
 * as {@code trace_id} and {@code span_id}, named like the other ids there ({@code request_id},
 * {@code connection_id}), so every log line written inside a span carries them, sampled or
 * not. Every db-scheduler task run is an observation of its own ({@value #TASK}), so the log
 * lines and outbound calls of background work (command deadlines, pulls, payments, webhook
 * deliveries, token pushes) belong to a trace too.
 */
@Configuration(proxyBeanMethods = false)
public class Tracing {

    /** The observation around one db-scheduler task run; its span is named after the task. */
    public static final String TASK = "scheduler.task";

    /**
     * Observations whose timings already have a meter of their own ({@code
     * ocpi_client_requests_seconds}, {@code rollyy_webhook_deliveries_total},
     * {@code dbscheduler_task_duration_seconds}): they make spans only, not a second timer.
     */
    static final Set<String> SPANS_ONLY = Set.of("ocpi.client.request", "webhook.delivery", TASK);

    /**
     * No observations of Spring Security's own: it wrapped every filter of its chain in an
     * observation wrapper on every request, work that showed as neither span nor meter here
     * (issue 15: found in the request's CPU profile). The request's server span covers the chain.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    Slf4JEventListener logCorrelation() {
        return new Slf4JEventListener("trace_id", "span_id");
    }

    @Bean
    MeterFilter spansOnlyObservations() {
        return MeterFilter.deny(id -> {
            String name = id.getName();
            String base = name.endsWith(".active") ? name.substring(0, name.length() - ".active".length()) : name;
            return SPANS_ONLY.contains(base) || name.equals("stripe.request.active");
        });
    }

    @Bean
    ExecutionInterceptor observedTaskRuns(ObservationRegistry registry) {
        return (instance, context, chain) -> {
            String task = instance.getTaskName();
            var observation = Observation.createNotStarted(TASK, registry)
                    .contextualName(task)
                    .lowCardinalityKeyValues(KeyValues.of("task", task));
            return observation.observe(() -> chain.proceed(instance, context));
        };
    }
}
