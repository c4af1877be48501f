package com.rollyy.emsp.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request rate limits ({@code rollyy.rate-limit.*}): a token bucket per OCPI connection and per
 * product API key, in this instance's memory (N instances allow N times the rate). A JavaBean so
 * a running service (or a test) can change the limits.
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
}
