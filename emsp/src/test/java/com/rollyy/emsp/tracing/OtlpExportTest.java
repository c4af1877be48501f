package com.rollyy.emsp.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The one setting that sends spans out: {@code management.opentelemetry.tracing.export.otlp.endpoint}
 * (env {@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT}). Checked against a local
 * OTLP/HTTP receiver with Spring Boot's tracing auto-configuration alone, not a second copy of the
 * whole service; the service's own context is checked to export nothing in {@link TracingTest}.
 */
class OtlpExportTest {

    private final ApplicationContextRunner tracing = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class))
            .withPropertyValues("spring.application.name=rollyy-emsp",
                    // as in application.yml: variables such as OTEL_EXPORTER_OTLP_ENDPOINT turn nothing on
                    "management.opentelemetry.map-environment-variables=false");

    private record Received(String method, String path, String contentType, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void withoutTheEndpointThereIsNoExporter() {
        tracing.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SdkTracerProvider.class)
                    .doesNotHaveBean(SpanExporter.class);
            observeOne(context.getBean(ObservationRegistry.class));
            context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
        });
        assertThat(received).isEmpty();
    }

    @Test
    void withTheEndpointSpansArePostedAsOtlpProtobuf() {
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
        tracing.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=" + endpoint,
                        "management.tracing.sampling.probability=1.0")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(OtlpHttpSpanExporter.class);
                    observeOne(context.getBean(ObservationRegistry.class));
                    assertThat(context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS)
                            .isSuccess()).isTrue();
                });
        assertThat(received).isNotEmpty();
        Received post = received.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/v1/traces");
        assertThat(post.contentType()).isEqualTo("application/x-protobuf");
        String body = new String(post.body(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains("stripe payment_intents.create").contains("rollyy-emsp");
    }

    private static void observeOne(ObservationRegistry registry) {
        Observation.createNotStarted("stripe.request", registry).contextualName("stripe payment_intents.create")
                .lowCardinalityKeyValue("operation", "payment_intents.create").observe(() -> { });
    }
}
