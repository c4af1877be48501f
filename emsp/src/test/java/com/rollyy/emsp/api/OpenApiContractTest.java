package com.rollyy.emsp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.robotjobs.ChargingFlowSupport;
import com.rollyy.emsp.support.TestHttp;

/**
 * The product API as the checked-in docs/openapi.yaml describes it: a full robot cycle and the
 * error paths the README lists, every product request the service accepted and every response it
 * gave validated against the document. The document is made strict for this test (an object may
 * carry only the properties it documents), so a field the code adds or renames fails here.
 */
class OpenApiContractTest extends ChargingFlowSupport {

    private static final String JWT_SECRET = "test-jwt-secret-of-at-least-32-bytes!";
    private static OpenApiInteractionValidator validator;
    /** Every operation of the document ("METHOD template"), and those the tests below exercised. */
    private static final Map<String, java.util.regex.Pattern> OPERATIONS = new java.util.TreeMap<>();
    private static final java.util.Set<String> EXERCISED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The first body seen per operation: "request" and each response status (docs/api.md, "Examples"). */
    private static final Map<String, Map<String, String>> RECORDED = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where the recorded examples go with -Dopenapi.update=true (surefire runs in emsp/). */
    static final java.nio.file.Path EXAMPLES = java.nio.file.Path.of("src", "main", "resources", OpenApiConfig.EXAMPLES);
    private static OpenAPI document;

    private final List<TestHttp.Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private AutoCloseable watching;

    @BeforeAll
    static void loadDocument() throws Exception {
        var options = new ParseOptions();
        options.setResolve(true);
        var parsed = new OpenAPIV3Parser().readContents(
                Files.readString(OpenApiDocumentTest.CHECKED_IN, StandardCharsets.UTF_8), null, options);
        assertThat(parsed.getMessages()).as("docs/openapi.yaml parses").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        document = api;
        api.getComponents().getSchemas().values().forEach(OpenApiContractTest::closed);
        api.getPaths().forEach((template, item) -> item.readOperationsMap().keySet().forEach(method ->
                OPERATIONS.put(method.name() + " " + template, java.util.regex.Pattern.compile(
                        template.replaceAll("\\{[^}/]+}", "[^/]+")))));
        validator = OpenApiInteractionValidator.createFor(api).build();
    }

    /** No undocumented properties: every object schema with properties gets additionalProperties: false. */
    private static void closed(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null && !schema.getProperties().isEmpty()
                && schema.getAdditionalProperties() == null) {
            schema.setAdditionalProperties(false);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiContractTest::closed);
        }
        closed(schema.getItems());
    }

    @BeforeEach
    void watch() {
        exchanges.clear();
        watching = TestHttp.observe(exchanges::add);
    }

    @AfterEach
    void validateEveryExchange() throws Exception {
        watching.close();
        var problems = new ArrayList<String>();
        int validated = 0;
        for (var exchange : List.copyOf(exchanges)) {
            String path = exchange.uri().getRawPath();
            if (!ApiKeyFilter.isProductOperation(exchange.method(), path)) {
                continue; // an OCPI call made as a peer, or the document itself
            }
            validated++;
            OPERATIONS.forEach((operation, pattern) -> {
                if (operation.startsWith(exchange.method() + " ") && pattern.matcher(path).matches()) {
                    EXERCISED.add(operation);
                    record(operation, exchange);
                }
            });
            var response = response(exchange.response());
            var report = exchange.response().status() / 100 == 2
                    ? validator.validate(request(exchange), response)
                    : validator.validateResponse(path, Request.Method.valueOf(exchange.method()), response);
            if (report.hasErrors()) {
                problems.add(exchange.method() + " " + exchange.uri() + " → " + exchange.response().status() + "\n  "
                        + report.getMessages().stream().map(Object::toString)
                        .reduce((a, b) -> a + "\n  " + b).orElse("")
                        + "\n  body: " + abbreviate(exchange.response().body()));
            }
        }
        assertThat(validated).as("product API exchanges seen").isPositive();
        if (Boolean.getBoolean("openapi.update")) {
            return; // recording: the checked-in document may lack what changed; the next run checks
        }
        assertThat(problems).as("exchanges that differ from docs/openapi.yaml").isEmpty();
    }

    /** Keeps the first JSON request body of a success and the first JSON body per response status. */
    private static void record(String operation, TestHttp.Exchange exchange) {
        var bodies = RECORDED.computeIfAbsent(operation, k -> new java.util.concurrent.ConcurrentHashMap<>());
        int status = exchange.response().status();
        if (status / 100 == 2 && isJson(exchange.body())) {
            bodies.putIfAbsent("request", portable(exchange.body()));
        }
        if (isJson(exchange.response().body())) {
            bodies.putIfAbsent(Integer.toString(status), portable(exchange.response().body()));
        }
    }

    /**
     * The test's random local ports replaced by names a reader understands, and its random UUIDs by
     * ones numbered in the order they were first seen, so that recording the examples again changes
     * only what the API changed.
     */
    private static String portable(String body) {
        String hub = java.net.URI.create(HUB.versionsUrl()).getAuthority();
        String named = body.replace("http://" + hub, "https://hub.example.com")
                .replaceAll("http://localhost:\\d+", "https://emsp.example.com")
                .replaceAll("http://127\\.0\\.0\\.1:\\d+", "https://cpo.example.com");
        return UUID.matcher(named).replaceAll(m -> UUIDS.computeIfAbsent(m.group(),
                k -> "%08x-0000-4000-8000-%012d".formatted(0x7d1c6f1e, UUIDS.size() + 1)));
    }

    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Map<String, String> UUIDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean isJson(String body) {
        return body != null && (body.startsWith("{") || body.startsWith("["));
    }

    /**
     * The examples in docs/openapi.yaml are bodies this suite saw, each valid for its operation:
     * with -Dopenapi.update=true this writes what it recorded for OpenApiConfig to publish (then
     * regenerate the document, docs/api.md); otherwise every example of the document is checked
     * against its operation's closed schemas, and each operation must have a success example.
     */
    @org.junit.jupiter.api.AfterAll
    static void theExamplesAreRealAndValid() throws Exception {
        var json = new tools.jackson.databind.ObjectMapper();
        if (Boolean.getBoolean("openapi.update")) {
            var out = json.createObjectNode();
            new java.util.TreeMap<>(RECORDED).forEach((operation, bodies) -> {
                var node = out.putObject(operation);
                if (bodies.containsKey("request")) {
                    node.set("request", shortened(json.readTree(bodies.get("request"))));
                }
                var responses = node.putObject("responses");
                new java.util.TreeMap<>(bodies).forEach((status, body) -> {
                    if (!status.equals("request")) {
                        responses.set(status, shortened(json.readTree(body)));
                    }
                });
            });
            Files.writeString(EXAMPLES, json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n",
                    StandardCharsets.UTF_8);
            return;
        }
        var problems = new ArrayList<String>();
        var withoutExample = new ArrayList<String>();
        document.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String concrete = template.replaceAll("\\{[^}/]+}", "x");
            boolean successExample = false;
            var requestBody = operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                    ? null : operation.getRequestBody().getContent().get("application/json");
            if (requestBody != null && requestBody.getExample() != null) {
                var report = validator.validateRequest(new SimpleRequest.Builder(method.name(), concrete)
                        .withContentType("application/json")
                        .withBody(io.swagger.v3.core.util.Json.pretty(requestBody.getExample())).build());
                report.getMessages().stream().filter(m -> m.getKey().startsWith("validation.request.body"))
                        .forEach(m -> problems.add(method + " " + template + " request: " + m));
            }
            for (var response : operation.getResponses().entrySet()) {
                var content = response.getValue().getContent();
                if (content == null) {
                    continue;
                }
                for (var media : content.entrySet()) {
                    if (media.getValue().getExample() == null) {
                        continue;
                    }
                    successExample |= response.getKey().startsWith("2");
                    String body = io.swagger.v3.core.util.Json.pretty(media.getValue().getExample());
                    var report = validator.validateResponse(concrete, Request.Method.valueOf(method.name()),
                            SimpleResponse.Builder.status(Integer.parseInt(response.getKey()))
                                    .withContentType(media.getKey()).withBody(body).build());
                    if (report.hasErrors()) {
                        problems.add(method + " " + template + " " + response.getKey() + ": " + report.getMessages());
                    }
                }
            }
            boolean hasSuccessBody = operation.getResponses().entrySet().stream()
                    .anyMatch(r -> r.getKey().startsWith("2") && r.getValue().getContent() != null);
            if (hasSuccessBody && !successExample) {
                withoutExample.add(method + " " + template);
            }
        }));
        assertThat(problems).as("examples of docs/openapi.yaml that break its own schemas").isEmpty();
        assertThat(withoutExample).as("operations of docs/openapi.yaml without a success example"
                + " (regenerate: docs/api.md)").isEmpty();
    }

    /** Lists cut to their first two items: an example shows the shape, not a whole page. */
    private static tools.jackson.databind.JsonNode shortened(tools.jackson.databind.JsonNode node) {
        if (node.isArray()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < Math.min(2, node.size()); i++) {
                copy.add(shortened(node.get(i)));
            }
            return copy;
        }
        if (node.isObject()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), shortened(e.getValue())));
            return copy;
        }
        return node;
    }

    @org.junit.jupiter.api.AfterAll
    static void everyDocumentedOperationWasExercised() {
        assertThat(OPERATIONS.keySet()).as("operations of docs/openapi.yaml exercised here")
                .allMatch(EXERCISED::contains, "exercised (missing: " + OPERATIONS.keySet().stream()
                        .filter(o -> !EXERCISED.contains(o)).toList() + ")");
    }

    @Test
    void aFullRobotCycleMatchesTheDocument() {
        connect();
        api("GET", "/ocpi/connections").send();
        api("GET", "/ocpi/connections/" + connectionId).send();
        api("GET", "/v1/roaming/status").send();
        api("GET", "/v1/charging-assets?near=52.37,4.89&radius_km=5000&limit=5").send();
        api("GET", "/v1/charging-assets/" + asset.get("asset_id").asString()).send();
        api("GET", "/ocpi/2.2.1/locations?limit=2").send();
        var estimate = api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + asset.get("asset_id").asString()
                + "&kwh=10&duration_minutes=60").send();
        assertThat(estimate.status()).as(estimate.toString()).isEqualTo(200);

        String jobId = newJob();
        api("GET", "/v1/robot-jobs?robot_id=robot-1").send();
        var started = start(jobId);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String sessionId = started.json().get("session_id").asString();
        String ocpiSessionId = awaitSession(jobId, "active").get("ocpi_session_id").asString();
        cpo.advanceSession(ocpiSessionId, new BigDecimal("7.5"), Duration.ofMinutes(30));
        await().atMost(WAIT).until(() -> sessionOf(jobId).path("energy_kwh").decimalValue()
                .compareTo(new BigDecimal("7.5")) == 0);

        String user = jwt(Map.of("fleet_id", "default"));
        var capped = profile("POST", sessionId, user).json("{\"max_charge_rate_kw\": 7.4}").send();
        assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
        await().atMost(WAIT).until(() -> profile("GET", sessionId, user).send().json().path("active_profile").isObject());
        profile("DELETE", sessionId, user).send();

        assertThat(stop(ocpiSessionId).status()).isEqualTo(200);
        awaitJob(jobId, "completed");
        await().atMost(WAIT).until(() -> sessionOf(jobId).hasNonNull("cdr_id"));
        await().atMost(WAIT).until(() -> api("GET", "/v1/payments?robot_job_id=" + jobId).send().json().path(0)
                .path("status").asString().equals("SUCCEEDED"));
        String paymentId = api("GET", "/v1/payments?robot_job_id=" + jobId).send().json().get(0).get("id").asString();
        api("GET", "/v1/payments/" + paymentId).send();
        assertThat(api("POST", "/v1/payments/" + paymentId + "/release").send().status())
                .as("only a HELD payment is released").isEqualTo(409);
        var refunded = api("POST", "/v1/payments/" + paymentId + "/refund").header("Idempotency-Key", "contract-1")
                .json("{\"amount\":\"0.50\"}").send();
        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(api("POST", "/v1/payments/" + paymentId + "/refund").json("{\"amount\":\"9999.00\"}").send()
                .status()).as("more than was charged").isEqualTo(409);
        var cdrs = api("GET", "/v1/cdrs?robot_job_id=" + jobId).send();
        assertThat(cdrs.json().size()).isEqualTo(1);
        api("GET", "/v1/cdrs/" + cdrs.json().get(0).get("id").asString()).send();
        api("GET", "/v1/sessions?connection_id=" + connectionId).send();
        var reconciled = api("GET", "/ocpi/2.2.1/tariffs/reconcile/" + sessionId).send();
        assertThat(reconciled.status()).as(reconciled.toString()).isEqualTo(200);
        api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=" + cdrs.json().get(0).get("id").asString()).send();
        api("GET", "/v1/robot-jobs/" + jobId + "/events").send();
        api("GET", "/ocpi/2.2.1/sessions/sync/" + connectionId).send();
        api("POST", "/ocpi/2.2.1/cdrs/sync/" + connectionId).send();
        api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId + "?full=true").send();

        // tokens: create, read, list, change, authorize (product form), revoke
        var created = api("POST", "/v1/tokens").json("""
                {"uid":"C1","type":"RFID","contract_id":"NL-RYY-C00001","fleet_id":"acme","robot_id":"robot-1"}""")
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        api("GET", "/v1/tokens?fleet_id=acme").send();
        api("GET", "/v1/tokens/C1?type=RFID").send();
        api("PATCH", "/v1/tokens/C1").json("{\"whitelist\":\"NEVER\",\"group_id\":\"G7\"}").send();
        api("GET", "/ocpi/2.2.1/tokens/C1/authorize?type=RFID").send();
        assertThat(api("DELETE", "/ocpi/2.2.1/tokens/C1?type=RFID").send().status()).isEqualTo(200);

        // connections: an invitation, raw tokens, rotation, unregistration
        assertThat(api("POST", "/ocpi/invitations").json("{\"cpo_name\":\"Another CPO\"}").send().status())
                .isEqualTo(201);
        api("PATCH", "/ocpi/connections/" + connectionId).json("{\"raw_token\":false}").send();
        assertThat(api("POST", "/ocpi/connections/" + connectionId + "/rotate").send().status()).isEqualTo(200);
        assertThat(api("DELETE", "/ocpi/connections/" + connectionId).send().status()).isEqualTo(200);
        assertThat(api("POST", "/v1/roaming/connect?hub=testhub").send().status()).isEqualTo(201);
    }

    @Test
    void theErrorPathsMatchTheDocument() {
        // 401 without the key, 400 naming the field, 404 of unknown objects
        assertThat(TestHttp.request("GET", url("/v1/robot-jobs")).send().status()).isEqualTo(401);
        assertThat(api("POST", "/v1/robot-jobs").json("{\"job_type\":\"charging\"}").send().status()).isEqualTo(400);
        assertThat(api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"r\",\"job_type\":\"dance\"}").send().status())
                .isEqualTo(400);
        assertThat(api("GET", "/v1/robot-jobs/not-a-uuid").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/robot-jobs/7d1c6f1e-0000-4000-8000-000000000000").send().status()).isEqualTo(404);
        assertThat(api("GET", "/v1/cdrs/NO-SUCH-CDR").send().status()).isEqualTo(404);
        assertThat(api("GET", "/v1/payments/7d1c6f1e-0000-4000-8000-000000000000").send().status()).isEqualTo(404);
        assertThat(api("GET", "/v1/tokens/NONE").send().status()).isEqualTo(404);
        assertThat(api("POST", "/v1/tokens").json("{\"uid\":\"X1\",\"type\":\"RFID\"}").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/charging-assets/7d1c6f1e-0000-4000-8000-000000000000").send().status())
                .isEqualTo(404);
        assertThat(api("POST", "/ocpi/register").json("{\"cpo_name\":\"x\"}").send().status()).isEqualTo(400);
        assertThat(api("POST", "/v1/roaming/connect?hub=nowhere").send().status()).isEqualTo(400);
        assertThat(api("GET", "/ocpi/2.2.1/tariffs/estimate").send().status()).isEqualTo(400);
        assertThat(profile("GET", "no-such-session", null).send().status()).isEqualTo(401);
        assertThat(profile("POST", "no-such-session", jwt(Map.of("fleet_id", "default")))
                .json("{\"max_charge_rate_kw\": 7.4}").send().status()).isEqualTo(404);

        // 409s: a duplicate token, a hub connected twice, a START for a job already started
        String token = "{\"uid\":\"D1\",\"type\":\"RFID\",\"contract_id\":\"NL-RYY-C00002\"}";
        assertThat(api("POST", "/v1/tokens").json(token).send().status()).isEqualTo(201);
        assertThat(api("POST", "/v1/tokens").json(token).send().status()).isEqualTo(409);
        assertThat(api("POST", "/v1/roaming/connect?hub=testhub").send().status()).isEqualTo(201);
        assertThat(api("POST", "/v1/roaming/connect?hub=testhub").send().status()).isEqualTo(409);

        connect();
        String jobId = newJob();
        cpo.knobs().setCommandBehaviour(com.rollyy.cposim.CommandBehaviour.REJECT);
        var refused = start(jobId);
        assertThat(refused.status()).as("the CPO's refusal").isEqualTo(400);
        cpo.knobs().setCommandBehaviour(com.rollyy.cposim.CommandBehaviour.ACCEPT);
        String other = newJob();
        assertThat(start(other).status()).isEqualTo(200);
        assertThat(start(other).status()).as("started already").isEqualTo(409);
        assertThat(stop("NO-SUCH-SESSION").status()).isEqualTo(404);
        assertThat(api("POST", "/ocpi/2.2.1/commands/START_SESSION").json("{\"robot_job_id\":\"" + newJob()
                + "\",\"location_id\":\"NOPE\",\"evse_uid\":\"NOPE\"}").send().status()).isEqualTo(404);
        assertThat(api("GET", "/ocpi/2.2.1/tariffs/reconcile/NO-SUCH-SESSION").send().status()).isEqualTo(404);

        // a payment held for review (a CDR no robot job of ours explains), released by an operator
        var review = new com.rollyy.emsp.ocpi.ObjectKey("NL", "SIM", "CDR-REVIEW");
        payments.queue(new com.rollyy.emsp.payments.PaymentOrder(review, null, new BigDecimal("8.40"), "EUR", null,
                null, false, null, true, "CPO 8.40 incl. VAT, ours 7.90", true));
        var released = api("POST", "/v1/payments/" + payments.forCdr(review).orElseThrow().id() + "/release").send();
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
    }

    @org.springframework.beans.factory.annotation.Autowired
    com.rollyy.emsp.payments.PaymentService payments;

    private TestHttp.Request profile(String method, String session, String jwt) {
        var request = TestHttp.request(method, url("/v1/sessions/" + session + "/charging-profile"));
        return jwt == null ? request : request.header("Authorization", "Bearer " + jwt);
    }

    private static String jwt(Map<String, Object> claims) {
        try {
            var builder = new JWTClaimsSet.Builder().subject("user-1")
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)));
            claims.forEach(builder::claim);
            var signed = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
            signed.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
            return signed.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Request request(TestHttp.Exchange exchange) {
        var builder = new SimpleRequest.Builder(exchange.method(), exchange.uri().getRawPath());
        exchange.headers().forEach(builder::withHeader);
        if (exchange.body() != null) {
            builder.withBody(exchange.body());
        }
        String query = exchange.uri().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                builder.withQueryParam(name, value);
            }
        }
        return builder.build();
    }

    private static SimpleResponse response(TestHttp.Response response) {
        var builder = SimpleResponse.Builder.status(response.status());
        String type = response.header("Content-Type");
        if (type != null) {
            builder.withContentType(type);
        }
        if (response.body() != null && !response.body().isEmpty()) {
            builder.withBody(response.body());
        }
        return builder.build();
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 600 ? body : body.substring(0, 600) + "…";
    }
}
