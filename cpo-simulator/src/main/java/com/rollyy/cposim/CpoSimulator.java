package com.rollyy.cposim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import com.rollyy.cposim.chargingprofiles.ChargingProfilesHandler;
import com.rollyy.cposim.chargingprofiles.ProfileKnobs;
import com.rollyy.cposim.chargingprofiles.ReceivedProfile;
import com.rollyy.cposim.commands.CommandsHandler;
import com.rollyy.cposim.commands.ReceivedCommand;
import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.CredentialsHandler;
import com.rollyy.cposim.credentials.EmspPeer;
import com.rollyy.cposim.credentials.EmspPusher;
import com.rollyy.cposim.credentials.Handshake;
import com.rollyy.cposim.credentials.RegistrationResult;
import com.rollyy.cposim.credentials.RegistrationState;
import com.rollyy.cposim.credentials.VersionDiscovery;
import com.rollyy.cposim.credentials.VersionsHandler;
import com.rollyy.cposim.locations.Dataset;
import com.rollyy.cposim.locations.SenderHandler;
import com.rollyy.cposim.ocpi.EmspClient;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.OcpiRouter;
import com.rollyy.cposim.ocpi.RecordedRequest;
import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.cposim.ocpi.Tokens;
import com.rollyy.cposim.ocpi.WireEdge;
import com.rollyy.cposim.versions.OcpiVersions;
import com.rollyy.cposim.versions.SimulatorFacts;
import com.rollyy.cposim.sessions.CdrSnapshot;
import com.rollyy.cposim.sessions.CdrToken;
import com.rollyy.cposim.sessions.ChargingSessions;
import com.rollyy.cposim.sessions.OutboundPush;
import com.rollyy.cposim.sessions.PushScheduler;
import com.rollyy.cposim.sessions.SessionSnapshot;
import com.rollyy.cposim.sessions.SessionsCdrsSender;
import com.rollyy.cposim.tokens.TokenReceiverKnobs;
import com.rollyy.cposim.tokens.TokensReceiver;

/**
 * A standalone OCPI 2.2.1 CPO over real HTTP, for end-to-end tests of an eMSP. It serves
 * versions, version details and credentials, can run either side of the credentials handshake,
 * records every request it receives and misbehaves on demand through {@link #knobs()}.
 *
 * <p>It also owns a generated, deterministic set of Locations and Tariffs (see
 * {@link SimulatorConfig#locationCount()}), serves them on its Sender interfaces
 * ({@code /ocpi/2.2.1/locations}, {@code /ocpi/2.2.1/tariffs}) and can push them to the eMSP's
 * Receiver interfaces ({@link #pushLocation}, {@link #patchEvseStatus}, ...). Location and EVSE
 * numbers are 1-based, like their ids ({@code LOC000001}, {@code LOC000001-E1}, {@code TARIFF1}).
 *
 * <p>It plays the CPO's part of a charging cycle too: a Commands Receiver
 * ({@code /ocpi/2.2.1/commands/{command}}) that starts and stops sessions, pushes Sessions and
 * CDRs to the eMSP, and serves them on its Sessions and CDRs Sender interfaces; see
 * {@link #advanceSession}, {@link #stopSession} and the charging-cycle knobs.
 *
 * <p>It models exactly one peer (the eMSP): one registration at a time.
 *
 * <p>It speaks OCPI 2.2.1 unless {@link SimulatorConfig#withOcpiVersion} says 2.1.1 or 2.3.0 (or
 * {@link SimulatorConfig#withOcpiVersions} offers several): the modules keep working on 2.2.1
 * objects under {@code /ocpi/2.2.1}, and an {@link WireEdge} from {@code com.rollyy.cposim.versions}
 * translates paths, objects and headers to and from the version on the wire. The URL getters
 * ({@link #versionDetailsUrl()}, {@link #locationsUrl()}, ...) return that version's URLs.
 */
public final class CpoSimulator implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // a small answer then waits ~40 ms for the peer's delayed ACK. The property is read once, when
        // the first HttpServer of the JVM is created, and an explicit setting is left alone.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    /** The OCPI version on the wire; the rest of the simulator speaks 2.2.1 (the model). */
    private final WireEdge edge;
    private final SimulatorKnobs knobs = new SimulatorKnobs();
    private final TokenReceiverKnobs tokenKnobs = new TokenReceiverKnobs();
    private final TokensReceiver tokensReceiver;
    private final RegistrationState state;
    private final CpoIdentity identity;
    private final EmspClient client;
    private final Handshake handshake;
    private final EmspPusher pusher;
    private final PushScheduler scheduler = new PushScheduler();
    private final ChargingSessions charging;
    private final Queue<ReceivedCommand> commands = new ConcurrentLinkedQueue<>();
    private final ChargingProfilesHandler profiles;
    private final Dataset dataset;
    private final SessionsCdrsSender sessionsSender;
    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private volatile boolean closed;

    private CpoSimulator(SimulatorConfig config) {
        this.config = config;
        this.state = new RegistrationState(config.tokenA() != null ? config.tokenA() : Tokens.generate("sim-a"));
        this.identity = new CpoIdentity(config.countryCode(), config.partyId(), config.businessName());
        this.edge = OcpiVersions.edge(config.ocpiVersions(), new SimulatorFacts() {
            @Override
            public String baseUrl() {
                return CpoSimulator.this.baseUrl();
            }

            @Override
            public Optional<Map<String, Object>> location(String locationId) {
                return modelLocation(locationId);
            }

            @Override
            public Optional<Map<String, Object>> emspParty() {
                return state.peer().flatMap(peer -> peer.roles().stream()
                        .filter(role -> "EMSP".equals(role.get("role"))).findFirst().or(peer::primaryRole));
            }
        });
        this.client = new EmspClient(knobs::outboundTimeoutMillis, () -> knobs.sendRawTokens() || edge.rawTokens());
        this.dataset = new Dataset(config);
        this.pusher = new EmspPusher(state, client, identity, edge);
        this.charging = new ChargingSessions(dataset, knobs, pusher, identity, scheduler, Clock.systemUTC());
        this.sessionsSender = new SessionsCdrsSender(charging, knobs, this::baseUrl, identity, state);
        VersionDiscovery discovery = new VersionDiscovery(client, edge);
        try {
            this.server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + config.bindAddress() + ":" + config.port(), e);
        }
        int port = server.getAddress().getPort();
        this.baseUrl = config.publicUrl() != null ? config.publicUrl() : "http://127.0.0.1:" + port;
        this.handshake = new Handshake(state, client, discovery, identity, this::versionsUrl, edge);
        this.tokensReceiver = new TokensReceiver(tokenKnobs, identity, state);
        this.profiles = new ChargingProfilesHandler(charging, pusher, identity, state, Clock.systemUTC());
        VersionsHandler versions = new VersionsHandler(this::baseUrl, knobs)
                .module(base -> Optional.of(new Endpoint("locations", "SENDER", base + SenderHandler.LOCATIONS)))
                .module(base -> Optional.of(new Endpoint("tariffs", "SENDER", base + SenderHandler.TARIFFS)))
                .module(base -> Optional.of(new Endpoint("sessions", "SENDER", base + SessionsCdrsSender.SESSIONS)))
                .module(base -> Optional.of(new Endpoint("cdrs", "SENDER", base + SessionsCdrsSender.CDRS)))
                .module(base -> Optional.of(new Endpoint("commands", "RECEIVER", base + CommandsHandler.COMMANDS)))
                .module(base -> Optional.of(new Endpoint("tokens", "RECEIVER", base + TokensReceiver.TOKENS)))
                .module(profiles::endpoint);
        CredentialsHandler credentials = new CredentialsHandler(state, discovery, knobs, identity, this::versionsUrl);
        SenderHandler sender = new SenderHandler(dataset, knobs, this::baseUrl, identity, state);
        CommandsHandler commandsHandler = new CommandsHandler(charging, knobs, identity, state, commands::add,
                Clock.systemUTC());
        SenderFaults faults = new SenderFaults(knobs, this::baseUrl);
        server.createContext("/", new OcpiRouter(state::identify, knobs::latencyMillis, knobs::requireBase64,
                requests::add)
                .edge(edge)
                .route(OcpiPaths.VERSIONS::equals, versions::versions)
                .route(OcpiPaths.DETAILS::equals, versions::details)
                .route(OcpiPaths.CREDENTIALS::equals, credentials::handle)
                .route(SenderHandler::serves, request -> faults.answer(request, () -> sender.handle(request)))
                .route(SessionsCdrsSender::serves,
                        request -> faults.answer(request, () -> sessionsSender.handle(request)))
                .route(CommandsHandler::serves,
                        request -> faults.answer(request, () -> commandsHandler.handle(request)))
                .route(TokensReceiver::serves, tokensReceiver::handle)
                .route(profiles::serves, profiles::handle));
        // several threads: during a handshake the eMSP calls back while our own request is pending
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a random port of 127.0.0.1 with a fresh random token A. */
    public static CpoSimulator start() {
        return start(SimulatorConfig.defaults());
    }

    public static CpoSimulator start(SimulatorConfig config) {
        return new CpoSimulator(config);
    }

    // ---- identity and URLs -------------------------------------------------------------------

    public SimulatorConfig config() {
        return config;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL advertised to peers, e.g. {@code http://127.0.0.1:PORT}; no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public String versionsUrl() {
        return baseUrl + OcpiPaths.VERSIONS;
    }

    /** The version details of {@link #ocpiVersion()}, e.g. {@code baseUrl + /ocpi/2.2.1}. */
    public String versionDetailsUrl() {
        return wireUrl(OcpiPaths.DETAILS);
    }

    public String credentialsUrl() {
        return wireUrl(OcpiPaths.CREDENTIALS);
    }

    /** The Locations Sender interface: {@code baseUrl + /ocpi/<version>/locations}. */
    public String locationsUrl() {
        return wireUrl(SenderHandler.LOCATIONS);
    }

    /** The Tariffs Sender interface: {@code baseUrl + /ocpi/<version>/tariffs}. */
    public String tariffsUrl() {
        return wireUrl(SenderHandler.TARIFFS);
    }

    /**
     * The OCPI version the simulator speaks: the one configured, or, with several offered, the
     * registration's (the highest offered before any registration).
     */
    public String ocpiVersion() {
        return edge.version();
    }

    /** The OCPI versions offered in /versions, highest first. */
    public List<String> ocpiVersions() {
        return edge.versions();
    }

    /** A model path ({@code /ocpi/2.2.1/...}) under the version's URL tree. */
    private String wireUrl(String modelPath) {
        return baseUrl + "/ocpi/" + edge.version() + modelPath.substring(OcpiPaths.DETAILS.length());
    }

    /** A Location of the dataset as a 2.2.1 JSON object, for the version edge. */
    private Optional<Map<String, Object>> modelLocation(String locationId) {
        java.util.OptionalInt index = dataset.locationIndex(locationId);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(com.rollyy.cposim.ocpi.Json.exactObject(dataset.locationJson(index.getAsInt())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ---- tokens and registration state -------------------------------------------------------

    /**
     * The most recently issued token A (what the CPO hands an eMSP out of band). It keeps
     * returning the value after a successful eMSP-initiated registration spent it, so a test can
     * check that it is now refused; see {@link #isTokenAValid()}.
     */
    public String tokenA() {
        return state.lastTokenA();
    }

    /** Whether {@link #tokenA()} is still accepted. */
    public boolean isTokenAValid() {
        return state.isTokenAValid();
    }

    /** Makes and starts accepting a new token A (e.g. for re-registration after DELETE). */
    public String issueTokenA() {
        return state.issueTokenA(Tokens.generate("sim-a"));
    }

    /** The token the eMSP issued to the simulator (C, or B when the eMSP initiated); null if not registered. */
    public String tokenForEmsp() {
        return state.tokenForEmsp();
    }

    /** The token the simulator currently accepts from the eMSP; null if none. */
    public String tokenIssuedToEmsp() {
        return state.tokenIssuedToEmsp();
    }

    public boolean isRegistered() {
        return state.isRegistered();
    }

    /** The eMSP versions URL learned at registration; null if not registered. */
    public String emspVersionsUrl() {
        return state.peer().map(EmspPeer::versionsUrl).orElse(null);
    }

    /** The eMSP's 2.2.1 endpoints ({@code identifier, role, url}) as received; empty if not registered. */
    public List<Map<String, Object>> emspEndpoints() {
        return state.peer().map(EmspPeer::endpoints).orElse(List.of());
    }

    /** The eMSP's CredentialsRoles as received; empty if not registered. */
    public List<Map<String, Object>> emspRoles() {
        return state.peer().map(EmspPeer::roles).orElse(List.of());
    }

    /** URL of an eMSP endpoint by module identifier (e.g. {@code "tokens"}), if it published one. */
    public Optional<String> emspEndpointUrl(String identifier) {
        return state.peer().flatMap(peer -> peer.endpointUrl(identifier));
    }

    public SimulatorKnobs knobs() {
        return knobs;
    }

    // ---- recorded traffic --------------------------------------------------------------------

    /** Snapshot of every request received, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    // ---- simulator as credentials sender -----------------------------------------------------

    /**
     * CPO-initiated registration: discover the eMSP with {@code tokenA}, POST our credentials
     * with a fresh token B (accepted before the POST is sent), keep the returned token C.
     * On failure B is dropped again and nothing is registered.
     */
    public RegistrationResult registerWith(String emspVersionsUrl, String tokenA) throws SimulatorException {
        return handshake.register(emspVersionsUrl, tokenA);
    }

    /**
     * PUT new credentials (token B', accepted before sending) to the eMSP; keeps the new C' it
     * returns and stops accepting the old B. On failure the old tokens stay in force.
     */
    public void rotateCredentials() throws SimulatorException {
        handshake.rotate();
    }

    /** DELETE our credentials at the eMSP, then forget all registration tokens. State is kept on failure. */
    public void unregister() throws SimulatorException {
        handshake.unregister();
    }

    // ---- raw calls to the eMSP ---------------------------------------------------------------

    /** Calls the eMSP with {@link #tokenForEmsp()}; HTTP errors are returned, not thrown. */
    public SimResponse callEmsp(String method, String absoluteUrl, String jsonBodyOrNull) {
        return callEmsp(method, absoluteUrl, jsonBodyOrNull, tokenForEmsp());
    }

    /** Same with an explicit token; null sends no Authorization header. */
    public SimResponse callEmsp(String method, String absoluteUrl, String jsonBodyOrNull, String token) {
        return callEmsp(method, absoluteUrl, jsonBodyOrNull, token, Map.of());
    }

    /**
     * Same with extra request headers (e.g. hand-made OCPI routing headers); they are added
     * after the simulator's own and may not be hop-by-hop headers the JDK client forbids.
     *
     * @throws UncheckedIOException when no HTTP response could be obtained at all
     */
    public SimResponse callEmsp(String method, String absoluteUrl, String jsonBodyOrNull, String token,
                                Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(routingHeaders(absoluteUrl));
        headers.putAll(extraHeaders);
        try {
            return client.send(method, absoluteUrl, jsonBodyOrNull, token, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + absoluteUrl + " failed: " + EmspClient.describe(e), e);
        }
    }

    /** OCPI routing headers belong on functional modules only, never on versions/credentials. */
    private Map<String, String> routingHeaders(String url) {
        if (!knobs.sendRoutingHeaders() || !edge.routingHeaders()) {
            return Map.of();
        }
        Optional<EmspPeer> peer = state.peer();
        String target = OcpiPaths.normalize(url.split("\\?", 2)[0]);
        boolean configurationModule = peer.map(p ->
                target.equals(OcpiPaths.normalize(p.versionsUrl()))
                        || target.equals(OcpiPaths.normalize(p.detailsUrl()))
                        || p.endpointUrl("credentials").map(c -> target.startsWith(OcpiPaths.normalize(c))).orElse(false)
                        || p.endpointUrl("hubclientinfo").map(c -> target.startsWith(OcpiPaths.normalize(c))).orElse(false))
                .orElse(false);
        if (configurationModule) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("OCPI-from-country-code", config.countryCode());
        headers.put("OCPI-from-party-id", config.partyId());
        peer.flatMap(EmspPeer::primaryRole).ifPresent(role -> {
            if (role.get("country_code") instanceof String cc && role.get("party_id") instanceof String pid) {
                headers.put("OCPI-to-country-code", cc);
                headers.put("OCPI-to-party-id", pid);
            }
        });
        return headers;
    }

    // ---- the generated dataset ----------------------------------------------------------------

    /** The generated Location {@code index} (1-based) as it is served and pushed, with recorded changes. */
    public String locationJson(int index) {
        return dataset.locationJson(index);
    }

    /**
     * Serves {@code json} as Location {@code index} (1-based) in lists and single reads from now
     * on, byte for byte: a CPO whose objects are malformed (wrong types, numbers as enums).
     */
    public void serveRawLocation(int index, String json) {
        dataset.serveRawLocation(index, json);
    }

    /** The generated EVSE {@code evseNumber} (1-based) of Location {@code locationIndex}. */
    public String evseJson(int locationIndex, int evseNumber) {
        return dataset.evseJson(locationIndex, evseNumber);
    }

    /** The generated Tariff {@code index} (1-based). */
    public String tariffJson(int index) {
        return dataset.tariffJson(index);
    }

    /**
     * Records that Location {@code index} changed at {@code lastUpdated} (kept to milliseconds):
     * later pulls show that {@code last_updated} and filter on it. Nothing is pushed.
     */
    public void touchLocation(int index, Instant lastUpdated) {
        dataset.touchLocation(index, lastUpdated);
    }

    /**
     * Records a new status of an EVSE: later pulls show it with {@code last_updated} on the EVSE
     * and its Location. Nothing is pushed; {@link #patchEvseStatus} pushes without recording.
     *
     * @param status an OCPI 2.2.1 Status value, e.g. {@code CHARGING}
     */
    public void setEvseStatus(int locationIndex, int evseNumber, String status, Instant lastUpdated) {
        dataset.setEvseStatus(locationIndex, evseNumber, status, lastUpdated);
    }

    // ---- pushing to the eMSP's Receiver interfaces ----------------------------------------------

    /** PUT {@code {locations}/{cc}/{pid}/{location_id}} with the generated Location. */
    public SimResponse pushLocation(int index) throws SimulatorException {
        String body = dataset.locationJson(index);
        return push("PUT", "locations", ownerPath(Dataset.locationId(index)), body);
    }

    /** PUT {@code {locations}/{cc}/{pid}/{location_id}/{evse_uid}} with the generated EVSE. */
    public SimResponse pushEvse(int locationIndex, int evseNumber) throws SimulatorException {
        String body = dataset.evseJson(locationIndex, evseNumber);
        return push("PUT", "locations",
                ownerPath(Dataset.locationId(locationIndex)) + "/" + Dataset.evseUid(locationIndex, evseNumber), body);
    }

    /**
     * PATCH {@code {locations}/{cc}/{pid}/{location_id}/{evse_uid}} with
     * {@code {"status": status, "last_updated": lastUpdated}} (kept to milliseconds). The
     * simulator's own dataset is not changed: call {@link #setEvseStatus} too for pulls to agree.
     * Safe to call from many threads at once.
     */
    public SimResponse patchEvseStatus(int locationIndex, int evseNumber, String status, Instant lastUpdated)
            throws SimulatorException {
        dataset.requireEvse(locationIndex, evseNumber);
        if (!Dataset.STATUSES.contains(status)) {
            throw new IllegalArgumentException("not an OCPI 2.2.1 Status: " + status);
        }
        String body = "{\"status\":\"" + status + "\",\"last_updated\":\""
                + DateTimeFormatter.ISO_INSTANT.format(lastUpdated.truncatedTo(ChronoUnit.MILLIS)) + "\"}";
        return push("PATCH", "locations",
                ownerPath(Dataset.locationId(locationIndex)) + "/" + Dataset.evseUid(locationIndex, evseNumber), body);
    }

    /** PUT {@code {tariffs}/{cc}/{pid}/{tariff_id}} with the generated Tariff. */
    public SimResponse pushTariff(int index) throws SimulatorException {
        String body = dataset.tariffJson(index);
        return push("PUT", "tariffs", ownerPath(Dataset.tariffId(index)), body);
    }

    /**
     * Sends any body to the eMSP's {@code module} endpoint (its RECEIVER entry when it lists
     * several), joined with exactly one '/' to {@code pathAfterModuleUrl} (e.g.
     * {@code "NL/SIM/LOC000001"}; empty for the module URL itself), with the same headers as the
     * push methods: current token, fresh X-Request-ID/X-Correlation-ID, routing headers (not on
     * 2.1.1). The body is sent as given, in whatever version the simulator speaks: it is not
     * translated like the push methods' 2.2.1 objects are.
     *
     * @param json the body, or null for none
     * @throws SimulatorException when not registered, the module is not advertised, or no HTTP
     *                            response came back ({@link SimulatorException#NO_HTTP_RESPONSE})
     */
    public SimResponse pushJson(String method, String module, String pathAfterModuleUrl, String json)
            throws SimulatorException {
        return pusher.pushAnywhere(method, module, pathAfterModuleUrl, json);
    }

    private SimResponse push(String method, String module, String path, String json) throws SimulatorException {
        return pusher.push(method, module, path, json);
    }

    /** {@code {cc}/{pid}/{id}}: Client Owned Objects are addressed by their owner, the simulated CPO. */
    private String ownerPath(String objectId) {
        return config.countryCode() + "/" + config.partyId() + "/" + objectId;
    }

    // ---- the charging cycle (commands, sessions, CDRs) -------------------------------------------

    /** The Commands Receiver interface: {@code baseUrl + /ocpi/2.2.1/commands}. */
    public String commandsUrl() {
        return wireUrl(CommandsHandler.COMMANDS);
    }

    /** The Sessions Sender interface: {@code baseUrl + /ocpi/2.2.1/sessions}. */
    public String sessionsUrl() {
        return wireUrl(SessionsCdrsSender.SESSIONS);
    }

    /** The CDRs Sender interface: {@code baseUrl + /ocpi/2.2.1/cdrs}. */
    public String cdrsUrl() {
        return wireUrl(SessionsCdrsSender.CDRS);
    }

    /** Every command received on the Commands interface, oldest first (a copy). */
    public List<ReceivedCommand> commands() {
        return List.copyOf(commands);
    }

    /** The ChargingProfiles Receiver's knobs (answers, results, whether the module is offered). */
    public ProfileKnobs profileKnobs() {
        return profiles.knobs();
    }

    /** Every request received on the ChargingProfiles Receiver, oldest first (a copy). */
    public List<ReceivedProfile> chargingProfiles() {
        return profiles.received();
    }

    public void clearCommands() {
        commands.clear();
    }

    /** Every session, in the order they started (copies). */
    public List<SessionSnapshot> sessions() {
        return charging.sessions();
    }

    /** One session by id (case-insensitive). */
    /**
     * Every EVSE lists CHARGING_PREFERENCES_CAPABLE while on (off by default: the dataset stays
     * as it always was). The Sessions Sender takes {@code PUT {sessions}/{id}/charging_preferences}
     * for running sessions either way.
     */
    public void offerChargingPreferences(boolean on) {
        dataset.preferencesCapable(on);
    }

    /** ChargingPreferences received, oldest first: the body plus {@code session_id}. */
    public List<Map<String, Object>> chargingPreferences() {
        return sessionsSender.preferences();
    }

    public Optional<SessionSnapshot> session(String sessionId) {
        return charging.session(sessionId);
    }

    /** Every CDR made, oldest first. */
    public List<CdrSnapshot> cdrs() {
        return charging.cdrs();
    }

    /** The charging cycle's own messages to the eMSP (results, session PUT/PATCH, CDR POST), oldest first; the last 10,000. */
    public List<OutboundPush> pushes() {
        return charging.pushes();
    }

    /**
     * Charges {@code kwhDelta} kWh over {@code elapsed} of session time and sends the update
     * (PATCH, or PUT with {@link SessionUpdates#PUT_ONLY}; nothing when {@code pushSessions} is
     * off). The new periods start where the session's previous ones ended; a new period opens
     * wherever the connector's tariff could change price. A PENDING session goes ACTIVE first.
     * Volumes are kept to 4 decimals. Waits until the update has been sent; the eMSP's answer is in
     * {@link #pushes()}.
     *
     * @throws IllegalArgumentException unknown session, negative values, or energy in no time
     * @throws IllegalStateException    the session has ended
     */
    public SessionSnapshot advanceSession(String sessionId, BigDecimal kwhDelta, Duration elapsed) {
        return charging.advance(sessionId, kwhDelta, elapsed);
    }

    /**
     * Ends a session from the CPO side, as after an accepted StopSession: the COMPLETED PUT, then
     * the CDR (if {@code sendCdrOnStop}). Ending an ended session does nothing.
     */
    public SessionSnapshot stopSession(String sessionId) {
        return charging.stop(sessionId);
    }

    /**
     * Starts a session that no StartSession asked for, and does not push it (a session whose PUT
     * was lost): the eMSP only learns of it by pulling, or from its later updates.
     *
     * @param authMethod  AUTH_REQUEST, COMMAND or WHITELIST
     * @param evseUid     null: the Location's first EVSE
     * @param connectorId null: the EVSE's first connector
     * @throws IllegalArgumentException unknown Location, EVSE or Connector
     */
    public SessionSnapshot startSessionWithoutCommand(CdrToken token, String authMethod, String authorizationReference,
                                                      String locationId, String evseUid, String connectorId) {
        return charging.startWithoutCommand(token, authMethod, authorizationReference, locationId, evseUid,
                connectorId);
    }

    /**
     * POSTs an ended session's CDR to the eMSP's cdrs RECEIVER, making it first if none was
     * made (with {@code sendCdrOnStop} off); sends the same CDR again otherwise.
     *
     * @throws SimulatorException       not registered, no cdrs RECEIVER, or no HTTP response
     * @throws IllegalStateException    the session has not ended
     * @throws IllegalArgumentException unknown session
     */
    public SimResponse sendCdr(String sessionId) throws SimulatorException {
        return charging.sendCdr(sessionId);
    }

    /** POSTs a CDR made earlier again, unchanged. */
    public SimResponse resendCdr(String cdrId) throws SimulatorException {
        return charging.resendCdr(cdrId);
    }

    /**
     * Waits until the charging cycle has nothing queued, scheduled or running (results, session
     * pushes, CDRs, autoCycle steps). A waiting autoCycle session (no autoStop) counts as idle.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return scheduler.awaitIdle(timeout);
    }

    // ---- tokens (the eMSP's, pushed to our Receiver; its Sender for authorize) ---------------

    /** The Tokens Receiver interface: {@code baseUrl + /ocpi/2.2.1/tokens}. */
    public String tokensUrl() {
        return wireUrl(TokensReceiver.TOKENS);
    }

    /** Switches of the Tokens Receiver only (refuse the next N pushes, or be down). */
    public TokenReceiverKnobs tokenKnobs() {
        return tokenKnobs;
    }

    /** Every token the eMSP pushed (PUT, then PATCHes merged), as JSON maps. */
    public List<Map<String, Object>> tokens() {
        return tokensReceiver.all();
    }

    /** One pushed token; type null means RFID. */
    public Optional<Map<String, Object>> token(String countryCode, String partyId, String uid, String type) {
        return tokensReceiver.find(countryCode, partyId, uid, type == null ? "RFID" : type);
    }

    /**
     * Real-time authorization at the eMSP's Tokens Sender: {@code POST {tokens}/{uid}/authorize[?type=]}
     * with an optional LocationReferences body. HTTP errors are returned, not thrown.
     */
    public SimResponse authorizeToken(String uid, String type, String locationReferencesJsonOrNull) {
        String url = OcpiPaths.join(emspTokensSender(), encode(uid) + "/authorize")
                + (type == null ? "" : "?type=" + encode(type));
        return callEmsp("POST", url, locationReferencesJsonOrNull);
    }

    /** One page of the eMSP's token list: {@code GET {tokens}?query}; query may be null. */
    public SimResponse pullTokens(String rawQueryOrNull) {
        String url = emspTokensSender() + (rawQueryOrNull == null || rawQueryOrNull.isEmpty() ? "" : "?" + rawQueryOrNull);
        return callEmsp("GET", url, null);
    }

    private String emspTokensSender() {
        return state.peer().flatMap(peer -> peer.endpointUrl("tokens", "SENDER"))
                .orElseThrow(() -> new IllegalStateException("the eMSP did not advertise a tokens SENDER endpoint"));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        scheduler.close();
    }

    @Override
    public String toString() {
        return "CpoSimulator{" + versionsUrl() + ", registered=" + isRegistered() + '}';
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "cpo-sim-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
