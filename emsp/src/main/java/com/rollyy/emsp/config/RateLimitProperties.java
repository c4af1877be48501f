package com.rollyy.emsp.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request rate limits ({@code rollyy.rate-limit.*}): a token bucket per OCPI connection and per
 * product API key, kept in PostgreSQL and so shared by every instance on that database. A
 * JavaBean so a running service (or a test) can change the limits.
 */
@ConfigurationProperties("rollyy.rate-limit")
public class RateLimitProperties {

    private boolean enabled = true;
    /** Sustained OCPI requests per second per connection (a hub is one connection). */
    private double ocpiPerSecond = 500;
    /** OCPI requests a connection may send at once after being quiet. */
    private int ocpiBurst = 1000;
    /** Sustained product API requests per second per API key. */
    private double apiPerSecond = 100;
    private int apiBurst = 200;
    /**
     * Per API key overrides, by the key's id (the first 12 hex digits of the SHA-256 of the key):
     * {@code rollyy.rate-limit.api-keys.<id>.per-second} / {@code .burst}.
     */
    private Map<String, Limit> apiKeys = new LinkedHashMap<>();
    /**
     * Tokens an instance may take from a bucket on its own before it writes them to PostgreSQL
     * (Bucket4j's delaying optimization), at most a tenth of the bucket's burst; 0: every request
     * goes to PostgreSQL (concurrent ones in one round trip).
     */
    private int syncTokens = 20;
    /** Longest time an instance answers from its own copy of a bucket before it synchronizes. */
    private Duration syncInterval = Duration.ofMillis(50);
    /** How long an instance keeps a connection's overrides before reading them again. */
    private Duration connectionRefresh = Duration.ofSeconds(5);
    /** After a database error, requests pass unchecked for this long (fail open), then PostgreSQL is tried again. */
    private Duration backendPause = Duration.ofSeconds(5);

    /** A limit override: {@code null} fields take the default. */
    public record Limit(Double perSecond, Integer burst) {

        public static final Limit NONE = new Limit(null, null);

        public boolean isEmpty() {
            return perSecond == null && burst == null;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getOcpiPerSecond() {
        return ocpiPerSecond;
    }

    public void setOcpiPerSecond(double ocpiPerSecond) {
        this.ocpiPerSecond = ocpiPerSecond;
    }

    public int getOcpiBurst() {
        return ocpiBurst;
    }

    public void setOcpiBurst(int ocpiBurst) {
        this.ocpiBurst = ocpiBurst;
    }

    public double getApiPerSecond() {
        return apiPerSecond;
    }

    public void setApiPerSecond(double apiPerSecond) {
        this.apiPerSecond = apiPerSecond;
    }

    public int getApiBurst() {
        return apiBurst;
    }

    public void setApiBurst(int apiBurst) {
        this.apiBurst = apiBurst;
    }

    public Map<String, Limit> getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(Map<String, Limit> apiKeys) {
        this.apiKeys = apiKeys;
    }

    public int getSyncTokens() {
        return syncTokens;
    }

    public void setSyncTokens(int syncTokens) {
        this.syncTokens = syncTokens;
    }

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }

    public Duration getConnectionRefresh() {
        return connectionRefresh;
    }

    public void setConnectionRefresh(Duration connectionRefresh) {
        this.connectionRefresh = connectionRefresh;
    }

    public Duration getBackendPause() {
        return backendPause;
    }

    public void setBackendPause(Duration backendPause) {
        this.backendPause = backendPause;
    }
}
