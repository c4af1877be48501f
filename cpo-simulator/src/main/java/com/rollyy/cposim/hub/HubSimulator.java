package com.rollyy.cposim.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.credentials.CredentialsBody;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.Timestamps;
import com.rollyy.cposim.ocpi.Tokens;

/**
 * A roaming hub in front of several simulated CPO parties, on one OCPI 2.2.1 connection: what an
 * eMSP sees of Gireve or Hubject. It presents itself in credentials with role HUB only (its own
 * party, e.g. DE/HUB), pushes objects of its CPO parties with OCPI-from-* = that party and
 * OCPI-to-* = the eMSP, accepts commands addressed with OCPI-to-* = one of its parties and
 * answers them as that party (the CommandResult and a Session are sent as that party), and
 * pushes HubClientInfo (no routing headers) for its parties.
 *
 * <p>Separate from {@link CpoSimulator} on purpose: a hub is a different peer (many parties, one
 * token), and keeping it apart leaves the CPO simulator's single-party model untouched. The eMSP
 * initiates the handshake (the hub is the credentials receiver) with {@link #tokenA()}.
 */
public final class HubSimulator implements AutoCloseable {

    /** A CPO party behind the hub. */
    public record Party(String countryCode, String partyId) {
        public Party {
            countryCode = countryCode.toUpperCase(Locale.ROOT);
            partyId = partyId.toUpperCase(Locale.ROOT);
        }

        boolean is(String cc, String pid) {
            return countryCode.equalsIgnoreCase(cc) && partyId.equalsIgnoreCase(pid);
        }

        @Override
        public String toString() {
            return countryCode + "/" + partyId;
        }
    }

    public static Party party(String countryCode, String partyId) {
        return new Party(countryCode, partyId);
    }

    /** The hub's own party and the CPO parties it fronts; {@code tokenA} null for a random one. */
    public record HubConfig(Party hub, List<Party> parties, String tokenA) {
        public HubConfig {
            Objects.requireNonNull(hub, "hub");
            parties = List.copyOf(parties);
            if (tokenA != null) {
                Tokens.requireValid(tokenA, "tokenA");
            }
        }

        public static HubConfig of(String countryCode, String partyId, List<Party> parties) {
            return new HubConfig(new Party(countryCode, partyId), parties, null);
        }
    }

    /** A command the eMSP sent through the hub, with the party it addressed (OCPI-to-*). */
    public record ReceivedCommand(String type, Party to, Party from, Map<String, Object> body) {
    }

    /** What the eMSP answered to one push: HTTP status, OCPI status_code (or -1), the raw body. */
    public record Answer(int httpStatus, int statusCode, String body, Map<String, List<String>> headers) {
    }

    private static final String V221 = "/ocpi/2.2.1";

    private final HubConfig config;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hub-simulator");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final List<ReceivedCommand> commands = new CopyOnWriteArrayList<>();

    // registration state: token A until the eMSP registers, then the token we issued (C) and the eMSP's token (B)
    private volatile String tokenA;
    private volatile String ourToken;
    private volatile String emspToken;
    private volatile Party emsp;
    private volatile Map<String, String> emspEndpoints = Map.of();

    private HubSimulator(HubConfig config) throws IOException {
        this.config = config;
        this.tokenA = config.tokenA() == null ? Tokens.generate("hub-a") : config.tokenA();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        this.server.start();
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static HubSimulator start(HubConfig config) {
        try {
            return new HubSimulator(config);
        } catch (IOException e) {
            throw new IllegalStateException("hub simulator did not start", e);
        }
    }

    public String versionsUrl() {
        return baseUrl + "/ocpi/versions";
    }

    public String tokenA() {
        return tokenA;
    }

    public Party hubParty() {
        return config.hub();
    }

    public List<Party> parties() {
        return config.parties();
    }

    public boolean registered() {
        return emspToken != null;
    }

    /** The token the eMSP issued to the hub (what the hub authenticates with); null when not registered. */
    public String tokenForEmsp() {
        return emspToken;
    }

    public List<ReceivedCommand> commands() {
        return List.copyOf(commands);
    }

    /** Forgets the registration and recorded commands; token A is valid again (one hub per test JVM). */
    public void reset() {
        commands.clear();
        ourToken = null;
        emspToken = null;
        emsp = null;
        emspEndpoints = Map.of();
    }

    // ---- pushes to the eMSP ----

    /**
     * A functional request to the eMSP's {@code module} endpoint + {@code suffix} (e.g.
     * {@code "/NL/CP1/LOC1"}) as party {@code from}: OCPI-from-* = that party, OCPI-to-* = the
     * eMSP. {@code from} null sends no routing headers at all.
     */
    public Answer send(String method, String module, String suffix, Party from, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (from != null) {
            headers.put("OCPI-from-country-code", from.countryCode());
            headers.put("OCPI-from-party-id", from.partyId());
            headers.put("OCPI-to-country-code", emsp().countryCode());
            headers.put("OCPI-to-party-id", emsp().partyId());
        }
        return call(method, endpoint(module) + suffix, headers, body);
    }

    /** PUT ClientInfo for a party (configuration module: no routing headers). */
    public Answer pushClientInfo(Party party, String status, Instant lastUpdated) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("party_id", party.partyId());
        info.put("country_code", party.countryCode());
        info.put("role", "CPO");
        info.put("status", status);
        info.put("last_updated", Timestamps.format(lastUpdated));
        return call("PUT", endpoint("hubclientinfo") + "/" + party.countryCode() + "/" + party.partyId(), Map.of(),
                Json.write(info));
    }

    private Party emsp() {
        Party p = emsp;
        if (p == null) {
            throw new IllegalStateException("no eMSP registered with the hub");
        }
        return p;
    }

    private String endpoint(String module) {
        String url = emspEndpoints.get(module);
        if (url == null) {
            throw new IllegalStateException("the eMSP offers no " + module + " endpoint: " + emspEndpoints.keySet());
        }
        return url;
    }

    private Answer call(String method, String url, Map<String, String> routing, String body) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", Tokens.authorizationHeader(Objects.requireNonNull(emspToken, "not registered"),
                        false))
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        routing.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int code = OcpiEnvelope.statusCodeOf(response.body()).orElse(-1);
            return new Answer(response.statusCode(), code, response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + url + " interrupted", e);
        }
    }

    private Map<String, Object> getData(String url, String token) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", Tokens.authorizationHeader(token, false))
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", UUID.randomUUID().toString()).GET().build();
        try {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return Map.of("data", OcpiEnvelope.parse(body).map(e -> e.get("data")).orElse(List.of()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GET " + url + " interrupted", e);
        }
    }

    // ---- the hub's own OCPI interface ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String method = exchange.getRequestMethod();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String token = Tokens.credentialOf(exchange.getRequestHeaders().getFirst("Authorization"))
                    .map(c -> Tokens.decode(c).orElse(c)).orElse(null);
            boolean isA = token != null && token.equals(tokenA);
            boolean isC = token != null && token.equals(ourToken);
            if (!isA && !isC) {
                reply(exchange, 401, OcpiEnvelope.error(OcpiEnvelope.CLIENT_ERROR, "Unknown or missing token"), Map.of());
                return;
            }
            if (path.equals("/ocpi/versions") && method.equals("GET")) {
                reply(exchange, 200, OcpiEnvelope.success(List.of(Map.of("version", "2.2.1", "url", baseUrl + V221))),
                        Map.of());
            } else if (path.equals(V221) && method.equals("GET")) {
                reply(exchange, 200, OcpiEnvelope.success(details()), Map.of());
            } else if (path.equals(V221 + "/credentials") && (method.equals("POST") || method.equals("PUT"))) {
                register(exchange, body);
            } else if (path.equals(V221 + "/credentials") && method.equals("DELETE")) {
                reset();
                reply(exchange, 200, OcpiEnvelope.successWithoutData(), Map.of());
            } else if (isA) {
                reply(exchange, 401, OcpiEnvelope.error(OcpiEnvelope.CLIENT_ERROR, "Token A is for registration"),
                        Map.of());
            } else if (path.startsWith(V221 + "/commands/") && method.equals("POST")) {
                command(exchange, path.substring((V221 + "/commands/").length()), body);
            } else {
                reply(exchange, 404, OcpiEnvelope.error(OcpiEnvelope.CLIENT_ERROR, "Unknown path " + path), Map.of());
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, OcpiEnvelope.error(OcpiEnvelope.SERVER_ERROR, String.valueOf(e.getMessage())),
                    Map.of());
        }
    }

    private Map<String, Object> details() {
        List<Map<String, Object>> endpoints = new ArrayList<>();
        endpoints.add(Map.of("identifier", "credentials", "role", "RECEIVER", "url", baseUrl + V221 + "/credentials"));
        endpoints.add(Map.of("identifier", "commands", "role", "RECEIVER", "url", baseUrl + V221 + "/commands"));
        endpoints.add(Map.of("identifier", "locations", "role", "SENDER", "url", baseUrl + V221 + "/locations"));
        endpoints.add(Map.of("identifier", "sessions", "role", "SENDER", "url", baseUrl + V221 + "/sessions"));
        endpoints.add(Map.of("identifier", "cdrs", "role", "SENDER", "url", baseUrl + V221 + "/cdrs"));
        endpoints.add(Map.of("identifier", "tariffs", "role", "SENDER", "url", baseUrl + V221 + "/tariffs"));
        endpoints.add(Map.of("identifier", "hubclientinfo", "role", "SENDER", "url", baseUrl + V221 + "/hubclientinfo"));
        return Map.of("version", "2.2.1", "endpoints", endpoints);
    }

    /** The eMSP registers (POST) or updates (PUT): read its endpoints with its token, answer as HUB. */
    private void register(HttpExchange exchange, String body) throws IOException {
        CredentialsBody theirs;
        try {
            theirs = CredentialsBody.validate(Json.parse(body).orElse(null));
        } catch (CredentialsBody.Invalid e) {
            reply(exchange, 200, OcpiEnvelope.error(OcpiEnvelope.INVALID_PARAMETERS, e.getMessage()), Map.of());
            return;
        }
        Map<String, String> endpoints = discover(theirs.url(), theirs.token());
        Map<String, Object> role = theirs.roles().stream().filter(r -> "EMSP".equals(r.get("role"))).findFirst()
                .orElse(theirs.roles().get(0));
        emsp = new Party((String) role.get("country_code"), (String) role.get("party_id"));
        emspToken = theirs.token();
        emspEndpoints = endpoints;
        ourToken = Tokens.generate("hub-c");
        Map<String, Object> hubRole = new LinkedHashMap<>();
        hubRole.put("role", "HUB");
        hubRole.put("business_details", Map.of("name", "Simulated hub " + config.hub()));
        hubRole.put("party_id", config.hub().partyId());
        hubRole.put("country_code", config.hub().countryCode());
        reply(exchange, 200, OcpiEnvelope.success(Map.of("token", ourToken, "url", versionsUrl(),
                "roles", List.of(hubRole))), Map.of());
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> discover(String versionsUrl, String token) {
        Object versions = getData(versionsUrl, token).get("data");
        String detailsUrl = Json.asList(versions).orElse(List.of()).stream()
                .map(v -> Json.asObject(v).orElse(Map.of()))
                .filter(v -> "2.2.1".equals(v.get("version"))).map(v -> (String) v.get("url")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the eMSP offers no 2.2.1"));
        Object details = getData(detailsUrl, token).get("data");
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (Object e : Json.asList(Json.asObject(details).orElse(Map.of()).get("endpoints")).orElse(List.of())) {
            Map<String, Object> endpoint = (Map<String, Object>) e;
            String id = (String) endpoint.get("identifier");
            String role = (String) endpoint.get("role");
            // the eMSP's receivers, plus its commands (callbacks go to response_url, so any role)
            if (!"SENDER".equals(role) || id.equals("credentials")) {
                endpoints.putIfAbsent(id, (String) endpoint.get("url"));
            }
        }
        return Map.copyOf(endpoints);
    }

    /**
     * A command addressed (OCPI-to-*) to one of the hub's parties is answered ACCEPTED as that
     * party; then, as that party, the CommandResult goes to response_url and, for START_SESSION,
     * an ACTIVE Session to the eMSP. Any other addressee: 4001 (unknown receiver).
     */
    private void command(HttpExchange exchange, String type, String body) throws IOException {
        var h = exchange.getRequestHeaders();
        Party to = h.getFirst("OCPI-to-country-code") == null || h.getFirst("OCPI-to-party-id") == null ? null
                : new Party(h.getFirst("OCPI-to-country-code"), h.getFirst("OCPI-to-party-id"));
        Party from = h.getFirst("OCPI-from-country-code") == null || h.getFirst("OCPI-from-party-id") == null ? null
                : new Party(h.getFirst("OCPI-from-country-code"), h.getFirst("OCPI-from-party-id"));
        Map<String, Object> command = Json.parse(body).flatMap(Json::asObject).orElse(Map.of());
        commands.add(new ReceivedCommand(type, to, from, command));
        Optional<Party> target = to == null ? Optional.empty()
                : config.parties().stream().filter(p -> p.is(to.countryCode(), to.partyId())).findFirst();
        if (target.isEmpty()) {
            reply(exchange, 200, OcpiEnvelope.error(4001, "Unknown receiver " + to), Map.of());
            return;
        }
        Party party = target.get();
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        answerHeaders.put("OCPI-from-country-code", party.countryCode());
        answerHeaders.put("OCPI-from-party-id", party.partyId());
        if (from != null) {
            answerHeaders.put("OCPI-to-country-code", from.countryCode());
            answerHeaders.put("OCPI-to-party-id", from.partyId());
        }
        reply(exchange, 200, OcpiEnvelope.success(Map.of("result", "ACCEPTED", "timeout", 30)), answerHeaders);
        executor.execute(() -> actFor(party, type, command));
    }

    private void actFor(Party party, String type, Map<String, Object> command) {
        Map<String, String> routing = Map.of("OCPI-from-country-code", party.countryCode(), "OCPI-from-party-id",
                party.partyId(), "OCPI-to-country-code", emsp().countryCode(), "OCPI-to-party-id", emsp().partyId());
        if (command.get("response_url") instanceof String responseUrl) {
            call("POST", responseUrl, routing, Json.write(Map.of("result", "ACCEPTED")));
        }
        if (!"START_SESSION".equals(type)) {
            return;
        }
        String sessionId = "HUB-" + party.partyId() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String now = Timestamps.format(Instant.now());
        Map<String, Object> token = Json.asObject(command.get("token")).orElse(Map.of());
        Map<String, Object> cdrToken = new LinkedHashMap<>();
        cdrToken.put("country_code", token.get("country_code"));
        cdrToken.put("party_id", token.get("party_id"));
        cdrToken.put("uid", token.get("uid"));
        cdrToken.put("type", token.getOrDefault("type", "APP_USER"));
        cdrToken.put("contract_id", token.get("contract_id"));
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("country_code", party.countryCode());
        session.put("party_id", party.partyId());
        session.put("id", sessionId);
        session.put("start_date_time", now);
        session.put("kwh", 0);
        session.put("cdr_token", cdrToken);
        session.put("auth_method", "COMMAND");
        session.put("authorization_reference", command.get("authorization_reference"));
        session.put("location_id", command.get("location_id"));
        session.put("evse_uid", command.get("evse_uid"));
        session.put("connector_id", command.getOrDefault("connector_id", "1"));
        session.put("currency", "EUR");
        session.put("status", "ACTIVE");
        session.put("last_updated", now);
        call("PUT", endpoint("sessions") + "/" + party.countryCode() + "/" + party.partyId() + "/" + sessionId,
                routing, Json.write(session));
    }

    private static void reply(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
