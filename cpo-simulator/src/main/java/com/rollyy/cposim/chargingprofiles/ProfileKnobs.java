package com.rollyy.cposim.chargingprofiles;

/**
 * How the ChargingProfiles Receiver behaves; thread-safe, change at any time.
 * {@code syncResult}: the ChargingProfileResponse for a known session (ACCEPTED, REJECTED,
 * NOT_SUPPORTED, TOO_OFTEN; unknown sessions always get UNKNOWN_SESSION). {@code asyncResult}: what
 * is posted to response_url after {@code resultDelayMillis} when the request was accepted (ACCEPTED,
 * REJECTED, or null for nothing). {@code offered}: false leaves the module out of version details
 * and answers its paths 404 (a CPO without smart charging).
 */
public final class ProfileKnobs {

    private volatile boolean offered = true;
    private volatile String syncResult = "ACCEPTED";
    private volatile String asyncResult = "ACCEPTED";
    private volatile long resultDelayMillis = 100;
    private volatile int timeoutSeconds = 30;

    public boolean offered() {
        return offered;
    }

    public ProfileKnobs offered(boolean offered) {
        this.offered = offered;
        return this;
    }

    public String syncResult() {
        return syncResult;
    }

    public ProfileKnobs syncResult(String syncResult) {
        this.syncResult = java.util.Objects.requireNonNull(syncResult);
        return this;
    }

    public String asyncResult() {
        return asyncResult;
    }

    /** null: no result is ever posted. */
    public ProfileKnobs asyncResult(String asyncResult) {
        this.asyncResult = asyncResult;
        return this;
    }

    public long resultDelayMillis() {
        return resultDelayMillis;
    }

    public ProfileKnobs resultDelayMillis(long resultDelayMillis) {
        this.resultDelayMillis = resultDelayMillis;
        return this;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public ProfileKnobs timeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
        return this;
    }

    public void reset() {
        offered = true;
        syncResult = "ACCEPTED";
        asyncResult = "ACCEPTED";
        resultDelayMillis = 100;
        timeoutSeconds = 30;
    }
}
