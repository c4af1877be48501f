package com.rollyy.emsp.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.rollyy.cposim.hub.HubSimulator;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.emsp.payments.PaymentsProperties;

/**
 * One running service (one Spring context, one embedded PostgreSQL for the whole test JVM),
 * a fresh CPO simulator per test, one fake Stripe for the JVM (emptied before each test), and
 * empty tables at the start of each test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@org.springframework.context.annotation.Import(EmspIntegrationTest.RecordedSpans.class)
public abstract class EmspIntegrationTest {

    public static final String API_KEY = "test-api-key";

    /** Static and registered below as constants, so every test class shares one Spring context. */
    protected static final FakeStripe STRIPE = FakeStripe.start();

    /** The robot backend receiving our webhooks: one for the test JVM, emptied before each test. */
    protected static final FakeRobotBackend robotBackend = FakeRobotBackend.start("test-webhook-secret");

    /**
     * A roaming hub (DE/HUB) fronting two CPO parties, NL/CP1 and BE/CP2: one for the test JVM,
     * configured as hub "testhub" (INITIATE mode), its registration forgotten before each test.
     */
    protected static final HubSimulator HUB = HubSimulator.start(HubSimulator.HubConfig.of("DE", "HUB",
            java.util.List.of(HubSimulator.party("NL", "CP1"), HubSimulator.party("BE", "CP2"))));

    /** The console's single sign-on provider (rollyy.console.oidc.*): one for the test JVM. */
    protected static final FakeOidcProvider OIDC = FakeOidcProvider.start();

    /**
     * The spans the service finished since the current test began (the test profile samples
     * every trace), next to whatever exporter the configuration adds.
     */
    protected static final io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter SPANS =
            io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();

    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class RecordedSpans {
        @org.springframework.context.annotation.Bean
        io.opentelemetry.sdk.trace.SpanProcessor recordedSpans() {
            return io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(SPANS);
        }
    }

    @DynamicPropertySource
    static void externalServices(DynamicPropertyRegistry registry) {
        registry.add("rollyy.hubs.testhub.versions-url", HUB::versionsUrl);
        registry.add("rollyy.hubs.testhub.token", HUB::tokenA);
        registry.add("rollyy.stripe.api-base", STRIPE::baseUrl);
        registry.add("rollyy.stripe.api-key", () -> FakeStripe.API_KEY);
        registry.add("rollyy.webhook.url", robotBackend::url);
        registry.add("rollyy.console.oidc.issuer-uri", OIDC::issuer);
        registry.add("rollyy.console.oidc.client-id", () -> FakeOidcProvider.CLIENT_ID);
        registry.add("rollyy.console.oidc.client-secret", () -> FakeOidcProvider.CLIENT_SECRET);
        registry.add("rollyy.console.oidc.name", () -> "Test IdP");
        registry.add("rollyy.console.oidc.operator-group", () -> "rollyy-operators");
        registry.add("rollyy.console.oidc.viewer-group", () -> "rollyy-viewers");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected PaymentsProperties paymentsProperties;

    @Autowired
    protected com.rollyy.emsp.ocpi.PeerCircuits circuits;

    protected CpoSimulator cpo;

    @BeforeEach
    void freshState() {
        robotBackend.reset();
        SPANS.reset();
        circuits.reset();
        emptyTables();
        STRIPE.reset();
        HUB.reset();
        paymentsProperties.setHoldOnDiscrepancy(false);
        paymentsProperties.setBelowMinimum(com.rollyy.emsp.payments.PaymentsProperties.BelowMinimum.HOLD);
        cpo = CpoSimulator.start();
        // tests drive sessions by hand (advanceSession) and assert exact kWh: no charging of its own
        cpo.knobs().setAutoCycle(false);
    }

    /**
     * The previous test's background work (a webhook delivery, a payment task) may still hold row
     * locks: TRUNCATE then waits, or loses a deadlock and is simply tried again.
     */
    private void emptyTables() {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("truncate connection, scheduled_tasks, robot_job, webhook_event, payment, stripe_event, token,"
                        + " charging_profile, charging_profile_request cascade").update();
                return;
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @AfterEach
    void stopSimulator() {
        cpo.close();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected String versionsUrl() {
        return url("/ocpi/versions");
    }

    protected TestHttp.Request api(String method, String path) {
        return TestHttp.request(method, url(path)).apiKey(API_KEY);
    }

    protected TestHttp.Request ocpi(String method, String path, String token) {
        var request = TestHttp.request(method, url(path));
        return token == null ? request : request.token(token);
    }

    /** Creates an invitation and returns its token A. */
    protected String invite() {
        var response = api("POST", "/ocpi/invitations").json("{\"cpo_name\":\"Simulated CPO\"}").send();
        if (response.status() != 201) {
            throw new AssertionError("invitation failed: " + response);
        }
        return response.json().get("token").asString();
    }

    /** Registers us with the simulator (we initiate) and returns the connection id. */
    protected String registerWithSimulator() {
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Simulated CPO","versions_url":"%s","token":"%s"}"""
                .formatted(cpo.versionsUrl(), cpo.tokenA())).send();
        if (response.status() != 201) {
            throw new AssertionError("registration failed: " + response);
        }
        return response.json().get("connection_id").asString();
    }
}
