package com.rollyy.cposim;

import java.util.List;
import java.util.Objects;

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
                + ", maxPageSize=" + maxPageSize + '}';
    }
}
