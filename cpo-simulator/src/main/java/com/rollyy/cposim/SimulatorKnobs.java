package com.rollyy.cposim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runtime switches that make the simulator misbehave on purpose. Tests flip them while the
 * simulator serves other threads, hence every field is volatile and lists are copied on write.
 */
public final class SimulatorKnobs {

    private static final long DEFAULT_OUTBOUND_TIMEOUT_MILLIS = 10_000;
    /** Default server-side page size limit of the Locations and Tariffs lists. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 100;
    /** The largest allowed {@link #setMaxPageSize(int)}. */
    public static final int MAX_PAGE_SIZE_LIMIT = 10_000;

    /** OCPI 2.2.1 CommandResultType values. */
    static final Set<String> COMMAND_RESULT_TYPES = Set.of("ACCEPTED", "CANCELED_RESERVATION", "EVSE_OCCUPIED",
            "EVSE_INOPERATIVE", "FAILED", "NOT_SUPPORTED", "REJECTED", "TIMEOUT", "UNKNOWN_RESERVATION");
    private static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 30;
    private static final long DEFAULT_RESULT_DELAY_MILLIS = 20;
    private static final long DEFAULT_COMMAND_RESPONSE_DELAY_MILLIS = 15_000;
    private static final String DEFAULT_FAILED_RESULT_TYPE = "EVSE_OCCUPIED";
    private static final long DEFAULT_LATE_START_DELAY_MILLIS = 1_000;
    /** {@link #setAutoUpdates(int)}: an autoCycle session sends updates until it ends (the default). */
    public static final int UNTIL_THE_SESSION_ENDS = -1;
    private static final int DEFAULT_AUTO_UPDATES = UNTIL_THE_SESSION_ENDS;
    private static final long DEFAULT_UPDATE_INTERVAL_MILLIS = 1_000;
    private static final BigDecimal DEFAULT_AUTO_POWER_KW = BigDecimal.valueOf(11);
    /** The modules a {@link SenderFault} can hit (OCPI module identifiers). */
    public static final Set<String> SENDER_FAULT_MODULES = Set.of("locations", "tariffs", "sessions", "cdrs",
            "commands");
    private static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    private static final long DEFAULT_SLOW_MILLIS = 30_000;

    private volatile long latencyMillis;
    private volatile VersionsFailure versionsFailure = VersionsFailure.NONE;
    private volatile boolean rejectCredentials;
    private volatile boolean sendRawTokens;
    private volatile boolean requireBase64;
    private volatile List<Endpoint> extraEndpoints = List.of();
    private volatile boolean omitCredentialsEndpoint;
    private volatile boolean sendRoutingHeaders;
    private volatile long outboundTimeoutMillis = DEFAULT_OUTBOUND_TIMEOUT_MILLIS;
    private volatile int maxPageSize = DEFAULT_MAX_PAGE_SIZE;
    private volatile CommandBehaviour commandBehaviour = CommandBehaviour.ACCEPT;
    private volatile int commandTimeoutSeconds = DEFAULT_COMMAND_TIMEOUT_SECONDS;
    private volatile long resultDelayMillis = DEFAULT_RESULT_DELAY_MILLIS;
    private volatile long commandResponseDelayMillis = DEFAULT_COMMAND_RESPONSE_DELAY_MILLIS;
    private volatile String failedResultType = DEFAULT_FAILED_RESULT_TYPE;
    private volatile long lateStartDelayMillis = DEFAULT_LATE_START_DELAY_MILLIS;
    private volatile String startStatus = "ACTIVE";
    private volatile SessionUpdates sessionUpdates = SessionUpdates.PATCH;
    private volatile boolean sendLiveCost = true;
    private volatile boolean pushSessions = true;
    private volatile boolean sendCdrOnStop = true;
    private volatile BigDecimal cdrCostFactor = BigDecimal.ONE;
    private volatile boolean duplicateCdr;
    private volatile boolean autoCycle = true;
    private volatile int autoUpdates = DEFAULT_AUTO_UPDATES;
    private volatile long updateIntervalMillis = DEFAULT_UPDATE_INTERVAL_MILLIS;
    private volatile long autoStopAfterMillis;
    private volatile BigDecimal autoPowerKw = DEFAULT_AUTO_POWER_KW;
    /** The sender fault and its counters change together: guarded by {@code this}. */
    private SenderFault senderFault = SenderFault.NONE;
    private int senderFaultAfter;
    private int senderFaultTimes = -1;
    private Set<String> senderFaultModules = SENDER_FAULT_MODULES;
    private volatile int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    private volatile long slowMillis = DEFAULT_SLOW_MILLIS;

    /** Back to the defaults: a well-behaved simulator. */
    public SimulatorKnobs reset() {
        latencyMillis = 0;
        versionsFailure = VersionsFailure.NONE;
        rejectCredentials = false;
        sendRawTokens = false;
        requireBase64 = false;
        extraEndpoints = List.of();
        omitCredentialsEndpoint = false;
        sendRoutingHeaders = false;
        outboundTimeoutMillis = DEFAULT_OUTBOUND_TIMEOUT_MILLIS;
        maxPageSize = DEFAULT_MAX_PAGE_SIZE;
        commandBehaviour = CommandBehaviour.ACCEPT;
        commandTimeoutSeconds = DEFAULT_COMMAND_TIMEOUT_SECONDS;
        resultDelayMillis = DEFAULT_RESULT_DELAY_MILLIS;
        commandResponseDelayMillis = DEFAULT_COMMAND_RESPONSE_DELAY_MILLIS;
        failedResultType = DEFAULT_FAILED_RESULT_TYPE;
        lateStartDelayMillis = DEFAULT_LATE_START_DELAY_MILLIS;
        startStatus = "ACTIVE";
        sessionUpdates = SessionUpdates.PATCH;
        sendLiveCost = true;
        pushSessions = true;
        sendCdrOnStop = true;
        cdrCostFactor = BigDecimal.ONE;
        duplicateCdr = false;
        autoCycle = true;
        autoUpdates = DEFAULT_AUTO_UPDATES;
        updateIntervalMillis = DEFAULT_UPDATE_INTERVAL_MILLIS;
        autoStopAfterMillis = 0;
        autoPowerKw = DEFAULT_AUTO_POWER_KW;
        synchronized (this) {
            senderFault = SenderFault.NONE;
            senderFaultAfter = 0;
            senderFaultTimes = -1;
            senderFaultModules = SENDER_FAULT_MODULES;
        }
        retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
        slowMillis = DEFAULT_SLOW_MILLIS;
        return this;
    }

    /** Delay applied before answering any incoming request. */
    public long latencyMillis() {
        return latencyMillis;
    }

    public SimulatorKnobs setLatencyMillis(long latencyMillis) {
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must be >= 0");
        }
        this.latencyMillis = latencyMillis;
        return this;
    }

    public VersionsFailure versionsFailure() {
        return versionsFailure;
    }

    public SimulatorKnobs setVersionsFailure(VersionsFailure versionsFailure) {
        this.versionsFailure = Objects.requireNonNull(versionsFailure, "versionsFailure");
        return this;
    }

    /** When true, credentials POST/PUT from the peer get HTTP 200 / 2001 and change nothing. */
    public boolean rejectCredentials() {
        return rejectCredentials;
    }

    public SimulatorKnobs setRejectCredentials(boolean rejectCredentials) {
        this.rejectCredentials = rejectCredentials;
        return this;
    }

    /** When true, outbound calls send {@code Authorization: Token <raw>} (OCPI 2.1.1 style). */
    public boolean sendRawTokens() {
        return sendRawTokens;
    }

    public SimulatorKnobs setSendRawTokens(boolean sendRawTokens) {
        this.sendRawTokens = sendRawTokens;
        return this;
    }

    /** When true, incoming raw (non-Base64) tokens are answered with 401. */
    public boolean requireBase64() {
        return requireBase64;
    }

    public SimulatorKnobs setRequireBase64(boolean requireBase64) {
        this.requireBase64 = requireBase64;
        return this;
    }

    /**
     * Endpoints appended to the 2.2.1 version details after {@code credentials} and the built-in
     * {@code locations}/{@code tariffs} SENDER entries. An extra entry with the identifier and role
     * of a built-in one takes its place instead of being listed twice.
     */
    public List<Endpoint> extraEndpoints() {
        return extraEndpoints;
    }

    public SimulatorKnobs setExtraEndpoints(List<Endpoint> extraEndpoints) {
        this.extraEndpoints = List.copyOf(extraEndpoints);
        return this;
    }

    /** When true, the version details do not list the credentials endpoint. */
    public boolean omitCredentialsEndpoint() {
        return omitCredentialsEndpoint;
    }

    public SimulatorKnobs setOmitCredentialsEndpoint(boolean omitCredentialsEndpoint) {
        this.omitCredentialsEndpoint = omitCredentialsEndpoint;
        return this;
    }

    /**
     * When true, {@code callEmsp} adds the OCPI-from/to routing headers, except on the peer's
     * configuration endpoints (versions, version details, credentials) where the spec forbids them.
     */
    public boolean sendRoutingHeaders() {
        return sendRoutingHeaders;
    }

    public SimulatorKnobs setSendRoutingHeaders(boolean sendRoutingHeaders) {
        this.sendRoutingHeaders = sendRoutingHeaders;
        return this;
    }

    /** Per-request timeout of outbound calls (handshake callbacks and {@code callEmsp}). */
    public long outboundTimeoutMillis() {
        return outboundTimeoutMillis;
    }

    public SimulatorKnobs setOutboundTimeoutMillis(long outboundTimeoutMillis) {
        if (outboundTimeoutMillis <= 0) {
            throw new IllegalArgumentException("outboundTimeoutMillis must be > 0");
        }
        this.outboundTimeoutMillis = outboundTimeoutMillis;
        return this;
    }

    /**
     * The most objects one page of the Locations or Tariffs list holds (sent as {@code X-Limit});
     * a larger {@code limit} is capped to it.
     */
    public int maxPageSize() {
        return maxPageSize;
    }

    public SimulatorKnobs setMaxPageSize(int maxPageSize) {
        if (maxPageSize < 1 || maxPageSize > MAX_PAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxPageSize must be 1.." + MAX_PAGE_SIZE_LIMIT);
        }
        this.maxPageSize = maxPageSize;
        return this;
    }

    // ---- sender faults -------------------------------------------------------------------------

    /** Every request of the Sender interfaces and Commands from now on gets {@code fault}; NONE ends it. */
    public SimulatorKnobs setSenderFault(SenderFault fault) {
        return setSenderFault(fault, 0, -1);
    }

    /** The next {@code times} requests (at least 1) get {@code fault}; then the simulator recovers by itself. */
    public SimulatorKnobs setSenderFault(SenderFault fault, int times) {
        return setSenderFault(fault, 0, times);
    }

    /**
     * The first {@code after} requests are answered normally, the {@code times} following ones get
     * {@code fault} ({@code -1}: all of them), then the simulator recovers by itself. Only requests
     * the fault applies to count: those of {@link #senderFaultModules()}, and for a
     * {@link SenderFault#listsOnly()} fault only list pages. E.g. {@code (TRUNCATED_BODY, 1, 1)}
     * cuts off the second page of a pull and nothing else.
     */
    public synchronized SimulatorKnobs setSenderFault(SenderFault fault, int after, int times) {
        Objects.requireNonNull(fault, "fault");
        if (after < 0) {
            throw new IllegalArgumentException("after must be >= 0");
        }
        if (times < 1 && times != -1) {
            throw new IllegalArgumentException("times must be >= 1, or -1 for every request");
        }
        this.senderFault = fault;
        this.senderFaultAfter = after;
        this.senderFaultTimes = fault == SenderFault.NONE ? -1 : times;
        return this;
    }

    public synchronized SenderFault senderFault() {
        return senderFault;
    }

    /** Normal answers still to give before the fault applies. */
    public synchronized int senderFaultAfter() {
        return senderFaultAfter;
    }

    /** Faulty answers still to give; {@code -1}: no limit. */
    public synchronized int senderFaultTimes() {
        return senderFaultTimes;
    }

    /** The modules the fault hits; by default all of {@link #SENDER_FAULT_MODULES}. */
    public synchronized Set<String> senderFaultModules() {
        return senderFaultModules;
    }

    /** Restricts the fault to these modules (of {@link #SENDER_FAULT_MODULES}); none given: all of them. */
    public synchronized SimulatorKnobs setSenderFaultModules(String... modules) {
        Set<String> chosen = modules.length == 0 ? SENDER_FAULT_MODULES : Set.of(modules);
        for (String module : chosen) {
            if (!SENDER_FAULT_MODULES.contains(module)) {
                throw new IllegalArgumentException("not one of " + SENDER_FAULT_MODULES + ": " + module);
            }
        }
        this.senderFaultModules = chosen;
        return this;
    }

    /**
     * The fault for one request of {@code module} (a list page or not), counted against
     * {@code after} and {@code times}; NONE when it does not apply.
     */
    synchronized SenderFault claimSenderFault(String module, boolean listPage) {
        if (senderFault == SenderFault.NONE || !senderFaultModules.contains(module)
                || (senderFault.listsOnly() && !listPage)) {
            return SenderFault.NONE;
        }
        if (senderFaultAfter > 0) {
            senderFaultAfter--;
            return SenderFault.NONE;
        }
        SenderFault fault = senderFault;
        if (senderFaultTimes > 0 && --senderFaultTimes == 0) {
            senderFault = SenderFault.NONE;
            senderFaultTimes = -1;
        }
        return fault;
    }

    /** The {@code Retry-After} (seconds) of {@link SenderFault#TOO_MANY_REQUESTS}. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public SimulatorKnobs setRetryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = nonNegative(retryAfterSeconds, "retryAfterSeconds");
        return this;
    }

    /** How long a {@link SenderFault#SLOW} answer waits. */
    public long slowMillis() {
        return slowMillis;
    }

    public SimulatorKnobs setSlowMillis(long slowMillis) {
        this.slowMillis = nonNegative(slowMillis, "slowMillis");
        return this;
    }

    // ---- commands ------------------------------------------------------------------------------

    /** How START_SESSION and STOP_SESSION are answered; see {@link CommandBehaviour}. */
    public CommandBehaviour commandBehaviour() {
        return commandBehaviour;
    }

    public SimulatorKnobs setCommandBehaviour(CommandBehaviour commandBehaviour) {
        this.commandBehaviour = Objects.requireNonNull(commandBehaviour, "commandBehaviour");
        return this;
    }

    /** The {@code timeout} (seconds) of an ACCEPTED CommandResponse. */
    public int commandTimeoutSeconds() {
        return commandTimeoutSeconds;
    }

    public SimulatorKnobs setCommandTimeoutSeconds(int commandTimeoutSeconds) {
        this.commandTimeoutSeconds = nonNegative(commandTimeoutSeconds, "commandTimeoutSeconds");
        return this;
    }

    /** Delay between the synchronous answer and the CommandResult POST (also between a STOP's answer and its result). */
    public long resultDelayMillis() {
        return resultDelayMillis;
    }

    public SimulatorKnobs setResultDelayMillis(long resultDelayMillis) {
        this.resultDelayMillis = nonNegative(resultDelayMillis, "resultDelayMillis");
        return this;
    }

    /** How long a {@link CommandBehaviour#SLOW} command sleeps before answering. */
    public long commandResponseDelayMillis() {
        return commandResponseDelayMillis;
    }

    public SimulatorKnobs setCommandResponseDelayMillis(long commandResponseDelayMillis) {
        this.commandResponseDelayMillis = nonNegative(commandResponseDelayMillis, "commandResponseDelayMillis");
        return this;
    }

    /** The CommandResultType posted under {@link CommandBehaviour#ACCEPT_RESULT_FAILED}. */
    public String failedResultType() {
        return failedResultType;
    }

    public SimulatorKnobs setFailedResultType(String failedResultType) {
        if (!COMMAND_RESULT_TYPES.contains(failedResultType)) {
            throw new IllegalArgumentException("not an OCPI 2.2.1 CommandResultType: " + failedResultType);
        }
        this.failedResultType = failedResultType;
        return this;
    }

    /** How long after the answer a {@link CommandBehaviour#LATE_START} session (or stop) happens. */
    public long lateStartDelayMillis() {
        return lateStartDelayMillis;
    }

    public SimulatorKnobs setLateStartDelayMillis(long lateStartDelayMillis) {
        this.lateStartDelayMillis = nonNegative(lateStartDelayMillis, "lateStartDelayMillis");
        return this;
    }

    // ---- sessions and CDRs ----------------------------------------------------------------------

    /** The status of a new session's first PUT: {@code ACTIVE} or {@code PENDING} (it turns ACTIVE at its first update). */
    public String startStatus() {
        return startStatus;
    }

    public SimulatorKnobs setStartStatus(String startStatus) {
        if (!"ACTIVE".equals(startStatus) && !"PENDING".equals(startStatus)) {
            throw new IllegalArgumentException("startStatus must be ACTIVE or PENDING: " + startStatus);
        }
        this.startStatus = startStatus;
        return this;
    }

    /** PATCH updates, or full PUTs only (Gireve style). */
    public SessionUpdates sessionUpdates() {
        return sessionUpdates;
    }

    public SimulatorKnobs setSessionUpdates(SessionUpdates sessionUpdates) {
        this.sessionUpdates = Objects.requireNonNull(sessionUpdates, "sessionUpdates");
        return this;
    }

    /** Whether session updates carry {@code total_cost} (the cost so far). */
    public boolean sendLiveCost() {
        return sendLiveCost;
    }

    public SimulatorKnobs setSendLiveCost(boolean sendLiveCost) {
        this.sendLiveCost = sendLiveCost;
        return this;
    }

    /** When false, sessions are never PUT or PATCHed to the eMSP: it must pull them. */
    public boolean pushSessions() {
        return pushSessions;
    }

    public SimulatorKnobs setPushSessions(boolean pushSessions) {
        this.pushSessions = pushSessions;
        return this;
    }

    /** Whether a session that ends makes a CDR and POSTs it. When false, {@code sendCdr} makes it later. */
    public boolean sendCdrOnStop() {
        return sendCdrOnStop;
    }

    public SimulatorKnobs setSendCdrOnStop(boolean sendCdrOnStop) {
        this.sendCdrOnStop = sendCdrOnStop;
        return this;
    }

    /** Multiplies a new CDR's total_cost (not its parts), to make it disagree with its tariff. */
    public BigDecimal cdrCostFactor() {
        return cdrCostFactor;
    }

    public SimulatorKnobs setCdrCostFactor(BigDecimal cdrCostFactor) {
        if (cdrCostFactor == null || cdrCostFactor.signum() < 0) {
            throw new IllegalArgumentException("cdrCostFactor must be >= 0");
        }
        this.cdrCostFactor = cdrCostFactor;
        return this;
    }

    /** When true, every CDR POST is sent twice, identically. */
    public boolean duplicateCdr() {
        return duplicateCdr;
    }

    public SimulatorKnobs setDuplicateCdr(boolean duplicateCdr) {
        this.duplicateCdr = duplicateCdr;
        return this;
    }

    // ---- the scripted cycle ---------------------------------------------------------------------

    /**
     * When true (the default), a started session charges by itself at {@code autoPowerKw} and sends
     * {@code autoUpdates} updates (by default one every {@code updateIntervalMillis} until it ends).
     * False: a session charges only what {@code advanceSession} gives it (tests that want exact figures).
     */
    public boolean autoCycle() {
        return autoCycle;
    }

    public SimulatorKnobs setAutoCycle(boolean autoCycle) {
        this.autoCycle = autoCycle;
        return this;
    }

    /** How many updates an autoCycle session sends; {@link #UNTIL_THE_SESSION_ENDS} (-1, the default): until it ends. */
    public int autoUpdates() {
        return autoUpdates;
    }

    public SimulatorKnobs setAutoUpdates(int autoUpdates) {
        if (autoUpdates < UNTIL_THE_SESSION_ENDS) {
            throw new IllegalArgumentException("autoUpdates must be >= 0, or -1 for updates until the session ends");
        }
        this.autoUpdates = autoUpdates;
        return this;
    }

    public long updateIntervalMillis() {
        return updateIntervalMillis;
    }

    public SimulatorKnobs setUpdateIntervalMillis(long updateIntervalMillis) {
        if (updateIntervalMillis < 1) {
            throw new IllegalArgumentException("updateIntervalMillis must be >= 1");
        }
        this.updateIntervalMillis = updateIntervalMillis;
        return this;
    }

    /** With autoCycle: the simulator ends the session itself this long after it started; 0 = wait for a STOP. */
    public long autoStopAfterMillis() {
        return autoStopAfterMillis;
    }

    public SimulatorKnobs setAutoStopAfterMillis(long autoStopAfterMillis) {
        this.autoStopAfterMillis = nonNegative(autoStopAfterMillis, "autoStopAfterMillis");
        return this;
    }

    /** The constant power of an autoCycle session: each update adds power x the real time since the last one. */
    public BigDecimal autoPowerKw() {
        return autoPowerKw;
    }

    public SimulatorKnobs setAutoPowerKw(BigDecimal autoPowerKw) {
        if (autoPowerKw == null || autoPowerKw.signum() < 0) {
            throw new IllegalArgumentException("autoPowerKw must be >= 0");
        }
        this.autoPowerKw = autoPowerKw;
        return this;
    }

    private static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0");
        }
        return value;
    }

    private static int nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0");
        }
        return value;
    }

    @Override
    public String toString() {
        return "SimulatorKnobs{latencyMillis=" + latencyMillis
                + ", versionsFailure=" + versionsFailure
                + ", rejectCredentials=" + rejectCredentials
                + ", sendRawTokens=" + sendRawTokens
                + ", requireBase64=" + requireBase64
                + ", extraEndpoints=" + extraEndpoints
                + ", omitCredentialsEndpoint=" + omitCredentialsEndpoint
                + ", sendRoutingHeaders=" + sendRoutingHeaders
                + ", outboundTimeoutMillis=" + outboundTimeoutMillis
                + ", maxPageSize=" + maxPageSize
                + ", commandBehaviour=" + commandBehaviour
                + ", commandTimeoutSeconds=" + commandTimeoutSeconds
                + ", resultDelayMillis=" + resultDelayMillis
                + ", commandResponseDelayMillis=" + commandResponseDelayMillis
                + ", failedResultType=" + failedResultType
                + ", lateStartDelayMillis=" + lateStartDelayMillis
                + ", startStatus=" + startStatus
                + ", sessionUpdates=" + sessionUpdates
                + ", sendLiveCost=" + sendLiveCost
                + ", pushSessions=" + pushSessions
                + ", sendCdrOnStop=" + sendCdrOnStop
                + ", cdrCostFactor=" + cdrCostFactor
                + ", duplicateCdr=" + duplicateCdr
                + ", autoCycle=" + autoCycle
                + ", autoUpdates=" + autoUpdates
                + ", updateIntervalMillis=" + updateIntervalMillis
                + ", autoStopAfterMillis=" + autoStopAfterMillis
                + ", autoPowerKw=" + autoPowerKw
                + ", senderFault=" + senderFault() + " (after " + senderFaultAfter() + ", times " + senderFaultTimes()
                + ", modules " + new java.util.TreeSet<>(senderFaultModules()) + ")"
                + ", retryAfterSeconds=" + retryAfterSeconds
                + ", slowMillis=" + slowMillis + '}';
    }
}
