package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.config.RollyyProperties;

/**
 * The one way this service calls a peer over OCPI: token header, fresh X-Request-ID, the
 * current X-Correlation-ID, routing headers, timeouts, size limit, and parsing of the envelope
 * into a typed {@link OcpiResult}. Failures come out as {@link OcpiClientException} with a
 * {@link OcpiClientException.Kind} a caller can act on.
 */
@Component
public class OcpiClient {

    private static final Logger log = LoggerFactory.getLogger(OcpiClient.class);

    /**
     * Where Spring's JDK request factory writes request bodies (it hands each body to an executor
     * that feeds the JDK client). Without one it takes a {@code SimpleAsyncTaskExecutor}, which
     * starts a new thread for every request with a body (each START and STOP): pooled threads
     * instead, idle ones ending after a minute.
     */
    private static final java.util.concurrent.ExecutorService BODY_WRITERS =
            java.util.concurrent.Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger count =
                        new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread thread = new Thread(task, "ocpi-client-body-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });

    private final RestClient http;
    private final ObjectMapper mapper;
    private final int maxResponseBytes;
    private final int maxPageSize;
    private final RestClient.Builder builder;
    private final RollyyProperties properties;
    private final PeerCircuits circuits;
    private final PeerAddressPolicy addresses;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final OcpiClientMeters meters;
    private final ObservationRegistry observations;
    private final OcpiWires wires;
    /** The HTTP client of each partner read timeout ({@link PartnerQuirks#requestTimeout()}), shared by copies. */
    private final java.util.concurrent.ConcurrentMap<java.time.Duration, RestClient> byTimeout;
    /** Reads objects from partners with {@link PartnerQuirks#tolerateNewerEnums()}: unknown enum values dropped. */
    private final ObjectMapper tolerant;

    public OcpiClient(RestClient.Builder builder, ObjectMapper mapper, RollyyProperties properties,
                      PeerCircuits circuits) {
        this(builder, mapper, properties, circuits, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                ObservationRegistry.NOOP, new OcpiWires(java.util.List.of(), properties));
    }

    @org.springframework.beans.factory.annotation.Autowired
    public OcpiClient(RestClient.Builder builder, ObjectMapper mapper, RollyyProperties properties,
                      PeerCircuits circuits, io.micrometer.core.instrument.MeterRegistry registry,
                      ObservationRegistry observations, OcpiWires wires) {
        this(builder, mapper, properties, properties.ocpi().readTimeout(), circuits, registry, observations, wires,
                new java.util.concurrent.ConcurrentHashMap<>(), TolerantEnums.mapper(mapper));
    }

    private OcpiClient(RestClient.Builder builder, ObjectMapper mapper, RollyyProperties properties,
                       java.time.Duration readTimeout, PeerCircuits circuits,
                       io.micrometer.core.instrument.MeterRegistry registry, ObservationRegistry observations,
                       OcpiWires wires, java.util.concurrent.ConcurrentMap<java.time.Duration, RestClient> byTimeout,
                       ObjectMapper tolerant) {
        this.wires = wires;
        this.byTimeout = byTimeout;
        this.tolerant = tolerant;
        this.registry = registry;
        this.meters = new OcpiClientMeters(registry);
        this.observations = observations;
        this.circuits = circuits;
        var ocpi = properties.ocpi();
        this.addresses = new PeerAddressPolicy(ocpi.allowPrivatePeers());
        this.http = restClient(builder, properties, readTimeout);
        this.mapper = mapper;
        this.maxResponseBytes = ocpi.clientMaxResponseBytes();
        this.maxPageSize = ocpi.clientMaxPageSize();
        this.builder = builder;
        this.properties = properties;
    }

    /** The same client with another read timeout, e.g. for commands, which must answer quickly. */
    public OcpiClient withReadTimeout(java.time.Duration readTimeout) {
        return new OcpiClient(builder, mapper, properties, readTimeout, circuits, registry, observations, wires,
                byTimeout, tolerant);
    }

    private static RestClient restClient(RestClient.Builder builder, RollyyProperties properties,
                                         java.time.Duration readTimeout) {
        var jdk = HttpClient.newBuilder()
                .connectTimeout(properties.ocpi().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var factory = new JdkClientHttpRequestFactory(new BlockingSend(jdk, readTimeout), BODY_WRITERS);
        factory.setReadTimeout(readTimeout);
        return builder.clone().requestFactory(factory).build();
    }

    /**
     * The JDK client as Spring's request factory sees it: {@code sendAsync} answered by a blocking
     * {@code send} on the caller's thread. The JDK's public {@code sendAsync} completes on
     * {@code CompletableFuture}'s default executor, which on a machine with 2 CPUs (common pool
     * parallelism 1) starts a new thread for every call; the caller waits for the answer anyway.
     * The request gets the read timeout as its JDK timeout (until the answer's headers); Spring's
     * own timeout still guards reading the body.
     */
    static final class BlockingSend extends HttpClient {

        private final HttpClient jdk;
        private final java.time.Duration timeout;

        BlockingSend(HttpClient jdk, java.time.Duration timeout) {
            this.jdk = jdk;
            this.timeout = timeout;
        }

        private java.net.http.HttpRequest timed(java.net.http.HttpRequest request) {
            if (timeout == null || timeout.isZero() || timeout.isNegative() || request.timeout().isPresent()) {
                return request;
            }
            return java.net.http.HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
        }

        @Override
        public <T> java.net.http.HttpResponse<T> send(java.net.http.HttpRequest request,
                                                      java.net.http.HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            return jdk.send(timed(request), handler);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler) {
            try {
                return java.util.concurrent.CompletableFuture.completedFuture(jdk.send(timed(request), handler));
            } catch (IOException e) {
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return java.util.concurrent.CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler,
                java.net.http.HttpResponse.PushPromiseHandler<T> push) {
            return jdk.sendAsync(timed(request), handler, push);
        }

        @Override
        public java.util.Optional<java.net.CookieHandler> cookieHandler() {
            return jdk.cookieHandler();
        }

        @Override
        public java.util.Optional<java.time.Duration> connectTimeout() {
            return jdk.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return jdk.followRedirects();
        }

        @Override
        public java.util.Optional<java.net.ProxySelector> proxy() {
            return jdk.proxy();
        }

        @Override
        public javax.net.ssl.SSLContext sslContext() {
            return jdk.sslContext();
        }

        @Override
        public javax.net.ssl.SSLParameters sslParameters() {
            return jdk.sslParameters();
        }

        @Override
        public java.util.Optional<java.net.Authenticator> authenticator() {
            return jdk.authenticator();
        }

        @Override
        public Version version() {
            return jdk.version();
        }

        @Override
        public java.util.Optional<java.util.concurrent.Executor> executor() {
            return jdk.executor();
        }
    }

    /** The HTTP client for this peer: its own read timeout when its quirk profile sets one (one client per value). */
    private RestClient http(OcpiPeer peer) {
        java.time.Duration timeout = peer == null ? null : peer.profile().requestTimeout();
        return timeout == null ? http : byTimeout.computeIfAbsent(timeout, t -> restClient(builder, properties, t));
    }

    /** The mapper reading objects from this peer: tolerant of unknown enum values when its profile says so. */
    private ObjectMapper reader(OcpiPeer peer) {
        return peer != null && peer.profile().tolerateNewerEnums() ? tolerant : mapper;
    }

    public <T> OcpiResult<T> get(String url, OcpiPeer peer, Class<T> dataType) {
        return call(HttpMethod.GET, url, peer, null, mapper.constructType(dataType));
    }

    public <T> OcpiResult<T> get(String url, OcpiPeer peer, JavaType dataType) {
        return call(HttpMethod.GET, url, peer, null, dataType);
    }

    public <T> OcpiResult<T> send(HttpMethod method, String url, OcpiPeer peer, Object body, Class<T> dataType) {
        return call(method, url, peer, body, mapper.constructType(dataType));
    }

    public JavaType listOf(Class<?> element) {
        return mapper.getTypeFactory().constructCollectionType(java.util.List.class, element);
    }

    /**
     * Every object of a paginated list, fetched lazily page by page by following the Link
     * headers: memory holds one page at a time. Malformed objects are logged and skipped, as the
     * spec asks of a receiver; a page larger than the configured maximum is refused.
     */
    public <T> Stream<T> list(String url, Map<String, String> params, OcpiPeer peer, Class<T> itemType) {
        return list(url, params, peer, itemType, malformed -> { });
    }

    /** An object of a list page that could not be read: which one (as far as it says) and why. */
    public record Malformed(String object, String reason) {
    }

    /**
     * The same, telling {@code onMalformed} of every object skipped as malformed (a wrong type,
     * a number for an enum, a fraction for an int), so a pull can count and name it.
     */
    public <T> Stream<T> list(String url, Map<String, String> params, OcpiPeer peer, Class<T> itemType,
                              java.util.function.Consumer<Malformed> onMalformed) {
        String first = withQuery(url, params);
        if (peer != null && peer.profile().pageSizeCap() != null) {
            first = capLimit(first, peer.profile().pageSizeCap());
        }
        var iterator = new PageIterator<>(this, first, peer, itemType, maxPageSize, onMalformed);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    <T> OcpiResult<T> call(HttpMethod method, String url, OcpiPeer peer, Object body, JavaType dataType) {
        return measured(method.name(), peer, () -> parse(method, url, exchange(method, url, peer, body), dataType,
                peer));
    }

    /** The body as the peer's version writes it (the model's own JSON for 2.2.1). */
    private byte[] wireBody(HttpMethod method, URI uri, OcpiPeer peer, Object body) {
        if (peer == null || peer.ocpiVersion() == OcpiVersion.V2_2_1) {
            return mapper.writeValueAsBytes(body);
        }
        return mapper.writeValueAsBytes(wires.toWire(peer.ocpiVersion(), peer.module(), mapper.valueToTree(body),
                new OcpiWire.Exchange(method.name(), uri.getPath(), true, peer.partner())));
    }

    /** A peer's answer data in the model's JSON. */
    private JsonNode modelData(HttpMethod method, String url, OcpiPeer peer, JsonNode data) {
        if (peer == null || peer.ocpiVersion() == OcpiVersion.V2_2_1 || data == null) {
            return data;
        }
        return wires.toModel(peer.ocpiVersion(), peer.module(), data,
                new OcpiWire.Exchange(method.name(), toUri(method, url).getPath(), false, peer.partner()));
    }

    /** One page of a list, measured like any other call. */
    private <T> OcpiResult<java.util.List<T>> measuredPage(String url, OcpiPeer peer, Class<T> itemType,
                                                           java.util.function.Consumer<Malformed> onMalformed) {
        return measured("GET", peer, () -> page(url, peer, itemType, onMalformed));
    }

    /**
     * One request to a peer: timed in {@code ocpi_client_requests_seconds} and traced as a span
     * {@value OcpiClientMeters#SPAN} ("ocpi POST commands") with the meter's tags; the HTTP
     * client's own span, and the {@code traceparent} header the peer gets, are its children.
     */
    private <T> OcpiResult<T> measured(String method, OcpiPeer peer, java.util.function.Supplier<OcpiResult<T>> call) {
        long started = System.nanoTime();
        String module = OcpiClientMeters.module(peer);
        var observation = Observation.createNotStarted(OcpiClientMeters.SPAN, observations)
                .contextualName("ocpi " + method + " " + module)
                .lowCardinalityKeyValue("connection", OcpiClientMeters.connection(peer))
                .lowCardinalityKeyValue("module", module)
                .lowCardinalityKeyValue("method", method)
                .start();
        String outcome = "ERROR"; // not an answer we could judge: a bug of ours, not counted in the meter
        try (var scope = observation.openScope()) {
            OcpiResult<T> result = call.get();
            outcome = result.isSuccess() ? "OK" : "REJECTED";
            meters.record(peer, method, started, outcome);
            return result;
        } catch (OcpiClientException e) {
            outcome = OcpiClientMeters.outcome(e);
            meters.record(peer, method, started, outcome);
            observation.error(e);
            throw e;
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.lowCardinalityKeyValue("outcome", outcome).stop();
        }
    }

    private RawResponse exchange(HttpMethod method, String url, OcpiPeer peer, Object body) {
        URI uri = toUri(method, url);
        String requestId = MessageIds.newId();
        String correlationId = MessageIds.currentCorrelationId() != null
                ? MessageIds.currentCorrelationId() : MessageIds.newId();
        long started = System.nanoTime();
        String refusal = addresses.refusal(uri);
        boolean circuitRefusal = false;
        if (refusal == null) {
            refusal = circuits.refusal(url);
            circuitRefusal = refusal != null;
        }
        if (refusal != null) {
            // never sent: for commands this is a certain "not delivered", like a refused connection
            throw new OcpiClientException(OcpiClientException.Kind.UNREACHABLE, method.name(), url, refusal, null,
                    null, circuitRefusal ? new OcpiClientMeters.CircuitOpen(refusal)
                            : new java.net.ConnectException(refusal));
        }
        RawResponse raw;
        try {
            var request = http(peer).method(method).uri(uri).headers(h -> {
                h.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
                if (peer != null && peer.token() != null) {
                    h.set(HttpHeaders.AUTHORIZATION, AuthorizationHeader.of(peer.token(), peer.rawToken()));
                }
                h.set(MessageIds.REQUEST_ID, requestId);
                h.set(MessageIds.CORRELATION_ID, correlationId);
                if (peer != null && peer.routing() != null && peer.profile().routingHeaders()) {
                    peer.routing().writeTo(h::set);
                }
            });
            if (body != null) {
                request = request.contentType(MediaType.APPLICATION_JSON).body(wireBody(method, uri, peer, body));
            }
            raw = request.exchange((req, res) -> new RawResponse(res.getStatusCode().value(), res.getHeaders(),
                    readLimited(res.getBody(), method, url)), true);
        } catch (ResourceAccessException e) {
            circuits.failed(url);
            log.warn("OCPI {} {} unreachable after {} ms (request {}): {}", method, url, millis(started), requestId,
                    rootMessage(e));
            throw new OcpiClientException(OcpiClientException.Kind.UNREACHABLE, method.name(), url,
                    "peer unreachable (" + rootMessage(e) + ")", null, null, e);
        } catch (RuntimeException answeredBadly) {
            circuits.succeeded(url); // e.g. too large: the peer did answer
            throw answeredBadly;
        }
        if (raw.status() >= 500) {
            circuits.failed(url);
        } else if (raw.status() == 429) {
            circuits.backOff(url, retryAfter(raw.headers()));
        } else {
            circuits.succeeded(url);
        }
        log.info("OCPI {} {} answered HTTP {} in {} ms (request {})", method, url, raw.status(), millis(started),
                requestId);
        return raw;
    }

    /** A peer's Retry-After in seconds (30 s when absent or not a number of seconds). */
    private static java.time.Duration retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        try {
            return java.time.Duration.ofSeconds(Math.min(3600, Math.max(1, Long.parseLong(value == null ? "" : value.strip()))));
        } catch (NumberFormatException e) {
            return java.time.Duration.ofSeconds(30);
        }
    }

    /**
     * One page of a list. The common case, every object well-formed, is read straight into
     * typed objects; only when that fails is the page read as a tree, object by object, so the
     * malformed ones can be skipped.
     */
    private <T> OcpiResult<java.util.List<T>> page(String url, OcpiPeer peer, Class<T> itemType,
                                                   java.util.function.Consumer<Malformed> onMalformed) {
        RawResponse raw = exchange(HttpMethod.GET, url, peer, null);
        JavaType listType = listOf(itemType);
        if (raw.status() >= 200 && raw.status() < 300 && (peer == null || peer.ocpiVersion() == OcpiVersion.V2_2_1)) {
            try {
                OcpiResponse<java.util.List<T>> typed = reader(peer).readValue(raw.body(),
                        mapper.getTypeFactory().constructParametricType(OcpiResponse.class, listType));
                if (typed != null && typed.statusCode() >= 1000 && typed.statusCode() < 2000) {
                    return new OcpiResult<>("GET", url, raw.status(), typed.statusCode(), typed.statusMessage(),
                            typed.data(), raw.headers());
                }
            } catch (JacksonException slowPath) {
                // a malformed object (or not an envelope at all): the tree path below says which
            }
        }
        // null peer: no translation of the whole page; each object is translated below
        OcpiResult<JsonNode> tree = parse(HttpMethod.GET, url, raw, mapper.constructType(JsonNode.class), null);
        JsonNode data = tree.requireSuccess();
        if (data != null && !data.isArray()) {
            throw new OcpiClientException(OcpiClientException.Kind.NOT_OCPI, "GET", url,
                    "list answer whose data is not an array", tree.httpStatus(), tree.statusCode(), null);
        }
        var items = new java.util.ArrayList<T>(data == null ? 0 : data.size());
        if (data != null) {
            for (JsonNode node : data) {
                try {
                    items.add(reader(peer).treeToValue(modelData(HttpMethod.GET, url, peer, node), itemType));
                } catch (OcpiException untranslatable) {
                    // another version's object its translation refuses (e.g. a negative VAT rate)
                    log.warn("Skipping a malformed {} from {}: {}", itemType.getSimpleName(), url,
                            untranslatable.getMessage());
                    onMalformed.accept(new Malformed(describe(node), untranslatable.getMessage()));
                } catch (JacksonException e) {
                    String field = BodyErrors.path(e.getPath());
                    String message = e.getOriginalMessage();
                    String reason = (field.isEmpty() ? "" : "field '" + field + "': ")
                            + (message.length() > 200 ? message.substring(0, 200) + "..." : message);
                    log.warn("Skipping a malformed {} from {}: {}", itemType.getSimpleName(), url, reason);
                    onMalformed.accept(new Malformed(describe(node), reason));
                }
            }
        }
        return new OcpiResult<>("GET", url, tree.httpStatus(), tree.statusCode(), tree.statusMessage(), items,
                tree.headers());
    }

    private <T> OcpiResult<T> parse(HttpMethod method, String url, RawResponse raw, JavaType dataType, OcpiPeer peer) {
        JsonNode envelope;
        try {
            envelope = OcpiJson.exactTree(mapper, raw.body());
        } catch (JacksonException e) {
            throw new OcpiClientException(OcpiClientException.Kind.NOT_JSON, method.name(), url,
                    "answered HTTP " + raw.status() + " with a body that is not JSON", raw.status(), null, e);
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("status_code").isIntegralNumber()) {
            throw new OcpiClientException(OcpiClientException.Kind.NOT_OCPI, method.name(), url,
                    "answered HTTP " + raw.status() + " with JSON that is not an OCPI response envelope",
                    raw.status(), null, null);
        }
        int statusCode = envelope.get("status_code").asInt();
        String message = envelope.hasNonNull("status_message") ? envelope.get("status_message").asString() : null;
        T data = null;
        JsonNode dataNode = envelope.get("data");
        dataNode = modelData(method, url, peer, dataNode);
        boolean success = raw.status() >= 200 && raw.status() < 300 && statusCode < 2000;
        if (success && dataType != null && dataNode != null && !dataNode.isNull()) {
            try {
                data = reader(peer).treeToValue(dataNode, dataType);
            } catch (JacksonException e) {
                throw new OcpiClientException(OcpiClientException.Kind.NOT_OCPI, method.name(), url,
                        "answered with data that does not match the OCPI object: " + e.getOriginalMessage(),
                        raw.status(), statusCode, e);
            }
        }
        return new OcpiResult<>(method.name(), url, raw.status(), statusCode, message, data, raw.headers());
    }

    private byte[] readLimited(InputStream in, HttpMethod method, String url) throws IOException {
        byte[] bytes = in.readNBytes(maxResponseBytes + 1);
        if (bytes.length > maxResponseBytes) {
            throw new OcpiClientException(OcpiClientException.Kind.TOO_LARGE, method.name(), url,
                    "answer larger than " + maxResponseBytes + " bytes", null, null, null);
        }
        return bytes;
    }

    private static URI toUri(HttpMethod method, String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new OcpiClientException(OcpiClientException.Kind.UNREACHABLE, method.name(), url,
                    "not a valid http(s) URL", null, null, e);
        }
    }

    /** The URL with its {@code limit} query parameter at most {@code cap} (added when absent). */
    static String capLimit(String url, int cap) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url + "?limit=" + cap;
        }
        var parts = new java.util.ArrayList<String>();
        boolean found = false;
        for (String part : url.substring(q + 1).split("&")) {
            if (part.startsWith("limit=")) {
                found = true;
                Integer asked = null;
                try {
                    asked = Integer.valueOf(part.substring("limit=".length()));
                } catch (NumberFormatException notANumber) {
                    // replaced by the cap
                }
                parts.add(asked != null && asked > 0 && asked <= cap ? part : "limit=" + cap);
            } else if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        if (!found) {
            parts.add("limit=" + cap);
        }
        return url.substring(0, q + 1) + String.join("&", parts);
    }

    /**
     * {@code link} moved to the scheme, host and port of {@code home} when its own differ, path and
     * query kept; unchanged when it is on that host already or either is not a URL.
     */
    static String rewrittenToHome(String link, String home) {
        try {
            URI to = URI.create(link);
            URI base = URI.create(home);
            if (to.getHost() == null || base.getHost() == null || base.getScheme() == null) {
                return link;
            }
            if (to.getHost().equalsIgnoreCase(base.getHost()) && port(to) == port(base)
                    && base.getScheme().equalsIgnoreCase(to.getScheme())) {
                return link;
            }
            return base.getScheme() + "://" + base.getRawAuthority()
                    + (to.getRawPath() == null ? "" : to.getRawPath())
                    + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery());
        } catch (IllegalArgumentException notAUrl) {
            return link;
        }
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static String withQuery(String url, Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return url;
        }
        var sb = new StringBuilder(url).append(url.contains("?") ? '&' : '?');
        params.forEach((k, v) -> sb.append(encode(k)).append('=').append(encode(v)).append('&'));
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    record RawResponse(int status, HttpHeaders headers, byte[] body) {
    }

    /**
     * Fetches the next page only when the current one is used up. A peer's Link cannot make it
     * run forever: a Link back to a page already read fails the list; an empty page ends it,
     * whatever its Link says, once the objects read reach the peer's X-Total-Count; otherwise
     * {@value #MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row fail it.
     */
    /** "CC/PID/ID" of a list object, as far as it names itself. */
    private static String describe(JsonNode node) {
        var parts = new java.util.ArrayList<String>();
        for (String field : java.util.List.of("country_code", "party_id", "id")) {
            JsonNode value = node.path(field);
            if (value.isString()) {
                String text = value.asString();
                parts.add(text.length() > 40 ? text.substring(0, 40) + "..." : text);
            }
        }
        return parts.isEmpty() ? "an object without ids" : String.join("/", parts);
    }

    static final class PageIterator<T> implements Iterator<T> {

        static final int MAX_EMPTY_PAGES_IN_A_ROW = 10;

        private final OcpiClient client;
        private final OcpiPeer peer;
        private final Class<T> itemType;
        private final int maxPageSize;
        private final java.util.Set<String> visited = new java.util.HashSet<>();
        private String nextUrl;
        private Iterator<T> page = java.util.Collections.emptyIterator();
        private long read;
        private int emptyInARow;

        private final java.util.function.Consumer<Malformed> onMalformed;

        PageIterator(OcpiClient client, String firstUrl, OcpiPeer peer, Class<T> itemType, int maxPageSize,
                     java.util.function.Consumer<Malformed> onMalformed) {
            this.onMalformed = onMalformed;
            this.client = client;
            this.nextUrl = firstUrl;
            this.peer = peer;
            this.itemType = itemType;
            this.maxPageSize = maxPageSize;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && nextUrl != null) {
                fetch();
            }
            return page.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return page.next();
        }

        private void fetch() {
            String url = nextUrl;
            if (!visited.add(url)) {
                throw new OcpiClientException(OcpiClientException.Kind.NOT_OCPI, "GET", url,
                        "Link header points back to a page already read", null, null, null);
            }
            OcpiResult<java.util.List<T>> result = client.measuredPage(url, peer, itemType, onMalformed);
            java.util.List<T> items = result.requireSuccess();
            if (items != null && items.size() > maxPageSize) {
                throw new OcpiClientException(OcpiClientException.Kind.TOO_LARGE, "GET", url,
                        "page of " + items.size() + " objects, more than the " + maxPageSize + " we accept",
                        result.httpStatus(), result.statusCode(), null);
            }
            java.util.List<T> objects = items == null ? java.util.List.of()
                    : items.stream().filter(java.util.Objects::nonNull).toList();
            page = objects.iterator();
            read += objects.size();
            nextUrl = follow(LinkHeader.next(result.headers().getFirst(HttpHeaders.LINK)));
            if (!objects.isEmpty() || nextUrl == null) {
                emptyInARow = 0;
                return;
            }
            Long total = totalCount(result.headers());
            if (total != null && read >= total) {
                log.warn("{} is empty and all {} objects the peer announced are read: its Link to {} is not followed",
                        url, total, nextUrl);
                nextUrl = null;
            } else if (++emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
                throw new OcpiClientException(OcpiClientException.Kind.NOT_OCPI, "GET", url, emptyInARow
                        + " empty pages in a row, each with a Link to another (" + read + " objects read of "
                        + (total == null ? "an unknown number" : total) + " announced)", result.httpStatus(),
                        result.statusCode(), null);
            }
        }

        /**
         * The Link as we follow it: under {@link PartnerQuirks#rewriteInternalLinks()} one on another
         * host than the partner's versions URL moved to that URL's scheme, host and port; under
         * {@link PartnerQuirks#pageSizeCap()} its {@code limit} capped.
         */
        private String follow(String link) {
            if (link == null || peer == null) {
                return link;
            }
            PartnerQuirks quirks = peer.profile();
            String followed = link;
            if (quirks.rewriteInternalLinks() && peer.home() != null) {
                followed = rewrittenToHome(link, peer.home());
                if (!followed.equals(link)) {
                    log.info("Link {} of connection {} rewritten to {} (quirk rewrite_internal_links)", link,
                            peer.connection(), followed);
                }
            }
            return quirks.pageSizeCap() == null ? followed : capLimit(followed, quirks.pageSizeCap());
        }

        private static Long totalCount(HttpHeaders headers) {
            try {
                String value = headers.getFirst("X-Total-Count");
                return value == null ? null : Long.valueOf(value.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
