package com.rollyy.emsp.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;

/**
 * The product API's OpenAPI document (springdoc, {@code /v3/api-docs}, docs/api.md): only the
 * paths an operator or the robot backend calls with X-API-Key or a user JWT. The OCPI endpoints
 * that CPOs and hubs call (versions, credentials, the receivers, command callbacks) are the OCPI
 * 2.2.1 specification's business and are left out, as is Stripe's signed webhook.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
public class OpenApiConfig {

    static final String API_KEY = "apiKey";
    static final String USER_JWT = "userJwt";
    static final String ERROR = "ApiError";

    /** Error answers every product operation may give, besides those of {@link #ERRORS}. */
    private static final Map<String, String> COMMON_ERRORS = Map.of(
            "400", "Invalid request: `invalid_request` naming the field or parameter",
            "401", "Missing or invalid credentials: `unauthorized`",
            "429", "Too many requests with this API key: `rate_limited`, see Retry-After",
            "500", "Unexpected error: `internal_error`",
            "503", "The database is unavailable: `storage_unavailable`, see Retry-After");

    /** Further error answers of single operations ("METHOD path" → status → description). */
    private static final Map<String, Map<String, String>> ERRORS = Map.ofEntries(
            Map.entry("POST /ocpi/register", Map.of(
                    "409", "A connection to this versions URL is already active",
                    "422", "The CPO could not be reached or refused the handshake")),
            Map.entry("POST /ocpi/connections/{id}/rotate", Map.of(
                    "409", "`not_active`: the connection is not active",
                    "422", "The CPO could not be reached or refused the new credentials")),
            Map.entry("DELETE /ocpi/connections/{id}", Map.of(
                    "409", "`not_active`: the connection is not active",
                    "422", "`cpo_refused`: the CPO refused the credentials DELETE (force=true unregisters anyway)")),
            Map.entry("POST /v1/roaming/connect", Map.of(
                    "409", "`already_registered`: a connection to the hub's URL is active",
                    "422", "The hub could not be reached or refused the handshake")),
            Map.entry("POST /ocpi/2.2.1/commands/START_SESSION", Map.of(
                    "404", "Unknown robot job, asset, Location or EVSE",
                    "409", "`job_<status>` (the job was started already), `ambiguous_evse`, `connection_inactive`"
                            + " or `party_not_connected`")),
            Map.entry("POST /ocpi/2.2.1/commands/STOP_SESSION", Map.of(
                    "404", "Unknown session",
                    "409", "`ambiguous_session` naming the candidates, `session_<status>` (not stoppable now),"
                            + " `not_started` or `connection_inactive`")),
            Map.entry("GET /v1/cdrs/{id}", Map.of("409", "`ambiguous_cdr`: several CPO parties used that id")),
            Map.entry("GET /ocpi/2.2.1/tariffs/reconcile/{sessionId}", Map.of(
                    "409", "`ambiguous_*` naming the CPOs sharing the id")),
            Map.entry("GET /ocpi/2.2.1/tariffs/reconcile", Map.of(
                    "409", "`ambiguous_*` naming the CPOs sharing the id")),
            Map.entry("POST /v1/tokens", Map.of("409", "A token with this uid and type exists")),
            Map.entry("POST /v1/payments/{id}/release", Map.of("409", "The payment is not HELD")),
            Map.entry("POST /v1/payments/{id}/refund", Map.of(
                    "409", "`amount_exceeds_refundable` (naming 'amount'), `nothing_refundable`, `not_refundable`"
                            + " (not a SUCCEEDED charge) or `idempotency_key_reused`",
                    "502", "`refund_failed`: Stripe refused the refund (recorded FAILED)",
                    "503", "`stripe_unavailable` (recorded PENDING: repeat with the same Idempotency-Key)"
                            + " or `not_configured`")),
            Map.entry("POST /v1/sessions/{sessionId}/charging-profile", Map.of(
                    "403", "The session is not of the token's fleet",
                    "409", "`charging_profiles_not_supported` or a session not charging")),
            Map.entry("DELETE /v1/sessions/{sessionId}/charging-profile", Map.of(
                    "403", "The session is not of the token's fleet",
                    "409", "`charging_profiles_not_supported` or a session not charging")),
            Map.entry("GET /v1/sessions/{sessionId}/charging-profile", Map.of(
                    "403", "The session is not of the token's fleet")));

    static {
        // Jackson 3's tree types are OCPI documents passed through as the CPO sent them: any JSON
        org.springdoc.core.utils.SpringDocUtils.getConfig()
                .replaceWithSchema(tools.jackson.databind.JsonNode.class,
                        new Schema<>().description("A JSON document as the CPO sent it"))
                .replaceWithSchema(tools.jackson.databind.node.ObjectNode.class,
                        new io.swagger.v3.oas.models.media.ObjectSchema().description("A JSON object"));
    }

    /**
     * Refusals that answer with the operation's own body instead of {@code {error, message}}
     * ("METHOD path" → status → schema): a command the CPO refused or could not be reached for
     * answers the command's view, a charging profile the CPO refused the profile's state.
     */
    private static final Map<String, Map<String, String>> OWN_BODY_ERRORS = Map.of(
            "POST /ocpi/2.2.1/commands/START_SESSION", Map.of("400", "CommandAnswer", "502", "CommandAnswer"),
            "POST /ocpi/2.2.1/commands/STOP_SESSION", Map.of("400", "CommandAnswer", "502", "CommandAnswer"),
            "POST /v1/sessions/{sessionId}/charging-profile", Map.of("409", "ChargingProfileState",
                    "429", "ChargingProfileState", "502", "ChargingProfileState"),
            "DELETE /v1/sessions/{sessionId}/charging-profile", Map.of("409", "ChargingProfileState",
                    "429", "ChargingProfileState", "502", "ChargingProfileState"));

    /** Product forms of OCPI endpoints: past the API key check, they refuse as OCPI does (the envelope). */
    private static final java.util.Set<String> OCPI_ENDPOINTS = java.util.Set.of("GET /ocpi/2.2.1/locations",
            "GET /ocpi/2.2.1/tokens/{tokenUid}/authorize");

    /** Operations whose success is not 200. */
    private static final Map<String, String> SUCCESS = Map.of("POST /v1/roaming/connect", "201");

    static final String OCPI_ERROR = "OcpiError";

    /**
     * swagger-core resolves schemas with a Jackson 2 mapper of its own: it must name properties
     * as the app's (Jackson 3) mapper writes them, snake_case (spring.jackson.property-naming-strategy).
     */
    @Bean
    ModelResolver snakeCaseModelResolver(ObjectMapper appMapper) {
        var strategy = appMapper.serializationConfig().getPropertyNamingStrategy();
        var mapper = Json.mapper().copy();
        if (strategy instanceof PropertyNamingStrategies.SnakeCaseStrategy) {
            mapper.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        }
        return new ModelResolver(mapper);
    }

    /**
     * The YAML form of the document as swagger-core writes it, but quoting strings such as
     * {@code "07:00"}: unquoted, YAML 1.1 readers (SnakeYAML, used by most OpenAPI tools) take them
     * for base-60 integers (420), and the examples' tariff restrictions are full of them.
     */
    @Bean
    org.springdoc.core.providers.ObjectMapperProvider springdocObjectMapperProvider(
            org.springdoc.core.properties.SpringDocConfigProperties properties) {
        return new org.springdoc.core.providers.ObjectMapperProvider(properties) {
            private final com.fasterxml.jackson.databind.ObjectMapper yaml = yamlQuotingSexagesimals(properties);

            @Override
            public com.fasterxml.jackson.databind.ObjectMapper yamlMapper() {
                return yaml;
            }
        };
    }

    private static com.fasterxml.jackson.databind.ObjectMapper yamlQuotingSexagesimals(
            org.springdoc.core.properties.SpringDocConfigProperties properties) {
        var sexagesimal = java.util.regex.Pattern.compile("[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?");
        var checker = new com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker.Default() {
            @Override
            public boolean needToQuoteValue(String value) {
                return super.needToQuoteValue(value) || sexagesimal.matcher(value).matches();
            }
        };
        var factory = com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder().stringQuotingChecker(checker)
                .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.SPLIT_LINES)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
        var mapper = io.swagger.v3.core.util.ObjectMapperFactory.create(factory, false);
        org.springdoc.core.providers.ObjectMapperProvider.sortOutput(mapper, properties);
        return mapper;
    }

    @Bean
    OpenAPI productApi() {
        return new OpenAPI()
                .info(new Info().title("Rollyy eMSP product API").version("1")
                        .description("The API operators and the robot backend call: onboarding CPOs, charging assets,"
                                + " tariffs, robot jobs, START/STOP, sessions, CDRs, payments, tokens (X-API-Key) and"
                                + " smart charging (user JWT). Errors are `{error, message}`. The OCPI 2.2.1"
                                + " endpoints CPOs call are not part of this document."))
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)
                                .description("One of the keys configured in ROLLYY_API_KEY(S)"))
                        .addSecuritySchemes(USER_JWT, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("A user JWT with claim `fleet_id` (ROLLYY_JWT_SECRET or ROLLYY_JWT_JWKS_URI)")));
    }

    /**
     * Real request and response bodies of each product operation, recorded by OpenApiContractTest
     * from its robot cycle and error paths ("METHOD template" → {@code request} and
     * {@code responses} by status) and checked there against the schemas: the document's examples.
     */
    static final String EXAMPLES = "openapi-examples.json";

    @Bean
    OpenApiCustomizer productPathsOnly() {
        var examples = examples();
        return openApi -> {
            var errorSchema = errorSchema();
            openApi.getComponents().addSchemas(ERROR, errorSchema);
            openApi.getComponents().addSchemas(OCPI_ERROR, ocpiErrorSchema());
            var kept = new Paths();
            var paths = new TreeMap<>(openApi.getPaths() == null ? Map.<String, PathItem>of() : openApi.getPaths());
            paths.forEach((path, item) -> {
                var operations = new ArrayList<>(item.readOperationsMap().entrySet());
                for (var entry : operations) {
                    String method = entry.getKey().name();
                    if (!ApiKeyFilter.isProductOperation(method, concrete(path))) {
                        item.operation(entry.getKey(), null);
                        continue;
                    }
                    boolean jwt = UserJwtSecurity.isJwtProtected(concrete(path));
                    describe(entry.getValue(), method + " " + path, jwt);
                    exemplify(entry.getValue(), examples.path(method + " " + path));
                    entry.getValue().setOperationId(operationId(method, path));
                    entry.getValue().setTags(List.of(tag(path)));
                }
                if (!item.readOperations().isEmpty()) {
                    kept.addPathItem(path, item);
                }
            });
            openApi.setPaths(kept);
            keepReferencedSchemas(openApi);
            openApi.getComponents().getSchemas().values().forEach(OpenApiConfig::portablePatterns);
        };
    }

    private static void describe(Operation operation, String key, boolean jwt) {
        operation.setSecurity(List.of(new SecurityRequirement().addList(jwt ? USER_JWT : API_KEY)));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        String success = SUCCESS.get(key);
        if (success != null && responses.containsKey("200")) {
            responses.addApiResponse(success, responses.remove("200").description(
                    "201".equals(success) ? "Created" : "OK"));
        }
        var errors = new TreeMap<>(COMMON_ERRORS);
        if (key.contains("{")) {
            errors.put("404", "No such object: `not_found` or a more precise code (`unknown_cdr`, ...)");
        }
        if (jwt) {
            errors.put("401", "Missing or invalid bearer token: `unauthorized`");
            errors.put("429", "The CPO answered TOO_OFTEN: `too_often`");
        }
        errors.putAll(ERRORS.getOrDefault(key, Map.of()));
        var ownBodies = OWN_BODY_ERRORS.getOrDefault(key, Map.of());
        ownBodies.forEach((status, view) -> errors.merge(status, "the CPO refused: the `" + view + "` with its"
                        + " `message`", (common, own) -> common + "; or " + own));
        ownBodies.forEach((status, view) -> errors.computeIfPresent(status, (k, d) -> "502".equals(k)
                ? "The CPO could not be reached: the `" + view + "` with its `message`" : d));
        boolean ocpiSpace = key.substring(key.indexOf(' ') + 1).startsWith("/ocpi/2.2.1/");
        errors.forEach((status, description) -> {
            Schema<?> body = ref(ERROR);
            if (OCPI_ENDPOINTS.contains(key) && !status.equals("401") && !status.equals("429")) {
                body = ref(OCPI_ERROR); // past the key, the OCPI controller answers
            } else if (ocpiSpace && (status.equals("500") || status.equals("503"))) {
                body = ref(OCPI_ERROR); // unexpected errors on OCPI paths are always the envelope
            } else if (ownBodies.containsKey(status)) {
                body = new io.swagger.v3.oas.models.media.ComposedSchema()
                        .anyOf(List.of(ref(ownBodies.get(status)), ref(ERROR))); // the views are open objects
            }
            responses.addApiResponse(status, new ApiResponse().description(description)
                    .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                            new MediaType().schema(body))));
        });
        operation.setResponses(responses);
    }

    private static com.fasterxml.jackson.databind.JsonNode examples() {
        var resource = OpenApiConfig.class.getClassLoader().getResourceAsStream(EXAMPLES);
        if (resource == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try (resource) {
            return Json.mapper().readTree(resource);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read " + EXAMPLES, e);
        }
    }

    /** The recorded bodies as the JSON request body's and each response's example. */
    private static void exemplify(Operation operation, com.fasterxml.jackson.databind.JsonNode recorded) {
        var request = recorded.path("request");
        if (!request.isMissingNode() && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null) {
            var json = operation.getRequestBody().getContent()
                    .get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            if (json != null) {
                json.setExample(request);
            }
        }
        recorded.path("responses").properties().forEach(entry -> {
            var response = operation.getResponses().get(entry.getKey());
            if (response == null || response.getContent() == null) {
                return;
            }
            response.getContent().values().forEach(media -> media.setExample(entry.getValue()));
        });
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    /**
     * Bean Validation patterns are Java regular expressions; inline flags such as {@code (?i)} are
     * not ECMA 262, which JSON Schema requires: such a pattern moves into the description.
     */
    private static void portablePatterns(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if (schema.getPattern() != null && schema.getPattern().contains("(?")) {
            String note = "Matches the Java pattern `" + schema.getPattern() + "`";
            schema.setDescription(schema.getDescription() == null ? note : schema.getDescription() + ". " + note);
            schema.setPattern(null);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiConfig::portablePatterns);
        }
        portablePatterns(schema.getItems());
    }

    /** Drops the schemas only the OCPI peer endpoints use (credentials, version details, ...). */
    private static void keepReferencedSchemas(OpenAPI openApi) {
        var all = openApi.getComponents().getSchemas();
        if (all == null) {
            return;
        }
        var mapper = Json.mapper();
        var reachable = new java.util.HashSet<String>();
        var pending = new java.util.ArrayDeque<String>();
        java.util.function.Consumer<String> scan = json -> {
            var m = java.util.regex.Pattern.compile("\"#/components/schemas/([^\"]+)\"").matcher(json);
            while (m.find()) {
                if (reachable.add(m.group(1))) {
                    pending.add(m.group(1));
                }
            }
        };
        try {
            scan.accept(mapper.writeValueAsString(openApi.getPaths()));
            while (!pending.isEmpty()) {
                var schema = all.get(pending.poll());
                if (schema != null) {
                    scan.accept(mapper.writeValueAsString(schema));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        all.keySet().retainAll(reachable);
    }

    /** A stable, readable operation id: {@code GET /v1/robot-jobs/{jobId}} → {@code getV1RobotJobsByJobId}. */
    static String operationId(String method, String path) {
        var id = new StringBuilder(method.toLowerCase(java.util.Locale.ROOT));
        for (String segment : path.split("[/._-]+")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.startsWith("{")) {
                id.append("By");
                segment = segment.substring(1, segment.length() - 1);
            }
            String lower = segment.equals(segment.toUpperCase(java.util.Locale.ROOT))
                    ? segment.toLowerCase(java.util.Locale.ROOT) : segment;
            id.append(Character.toUpperCase(lower.charAt(0))).append(lower.substring(1));
        }
        return id.toString();
    }

    /** Groups operations as the README's product tables do. */
    static String tag(String path) {
        if (path.startsWith("/ocpi/register") || path.startsWith("/ocpi/invitations")
                || path.startsWith("/ocpi/connections") || path.startsWith("/v1/roaming")) {
            return "connections";
        }
        if (path.contains("/sync/")) {
            return "sync";
        }
        if (path.contains("/charging-profile")) {
            return "smart charging (user JWT)";
        }
        if (path.startsWith("/v1/charging-assets") || path.equals("/ocpi/2.2.1/locations")) {
            return "charging assets";
        }
        if (path.contains("/tariffs/")) {
            return "tariffs";
        }
        if (path.startsWith("/v1/robot-jobs") || path.contains("/commands/") || path.contains("/sessions/job/")) {
            return "robot charging";
        }
        if (path.contains("/tokens")) {
            return "tokens";
        }
        if (path.startsWith("/v1/payments")) {
            return "payments";
        }
        return "sessions and cdrs";
    }

    private static Schema<?> ocpiErrorSchema() {
        return new io.swagger.v3.oas.models.media.ObjectSchema()
                .description("The OCPI envelope of a refusal on the OCPI endpoints' product forms")
                .addProperty("status_code", new io.swagger.v3.oas.models.media.IntegerSchema().format("int32")
                        .description("OCPI status code: 2xxx client error, 3xxx server error").example(2001))
                .addProperty("status_message", new io.swagger.v3.oas.models.media.StringSchema())
                .addProperty("timestamp", new io.swagger.v3.oas.models.media.DateTimeSchema())
                .required(List.of("status_code", "timestamp"));
    }

    private static Schema<?> errorSchema() {
        return new io.swagger.v3.oas.models.media.ObjectSchema()
                .description("The error body of every product API refusal (ApiError)")
                .addProperty("error", new io.swagger.v3.oas.models.media.StringSchema()
                        .description("A stable machine-readable code").example("invalid_request"))
                .addProperty("message", new io.swagger.v3.oas.models.media.StringSchema()
                        .description("What to fix, naming the field").example("Field 'robot_id' is required"))
                .required(List.of("error", "message"));
    }

    /** A path template with each {variable} replaced by a sample segment, for the path predicates. */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}/]+}", "x");
    }
}
