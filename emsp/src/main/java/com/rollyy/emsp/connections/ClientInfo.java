package com.rollyy.emsp.connections;

import java.time.Instant;

/** HubClientInfo's ClientInfo: a party behind a hub and whether the hub can reach it. */
public record ClientInfo(String partyId, String countryCode, String role, Status status, Instant lastUpdated) {

    public enum Status {
        CONNECTED, OFFLINE, PLANNED, SUSPENDED
    }

    public String key() {
        return countryCode + "/" + partyId;
    }
}
