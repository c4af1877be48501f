package com.rollyy.emsp.connections;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One peer platform and what the handshake settled with it. {@code peerToken} is the token the
 * peer gave us to call it with (decrypted in memory only); it never appears in {@link #toString()}.
 * {@code quirks}: how the partner deviates from the spec (never null; the token encoding is
 * {@code rawTokenAuth}).
 */
public record Connection(
        UUID id,
        String cpoName,
        ConnectionStatus status,
        Initiator initiatedBy,
        String versionsUrl,
        String version,
        List<VersionInfo.Endpoint> endpoints,
        List<CredentialsRole> roles,
        String countryCode,
        String partyId,
        String peerToken,
        boolean rawTokenAuth,
        Instant createdAt,
        Instant updatedAt,
        String hub,
        com.rollyy.emsp.ocpi.PartnerQuirks quirks) {

    /**
     * A hub connection: made through {@code /v1/roaming/connect} with a configured hub. Presenting
     * role HUB in credentials is not enough: any peer could claim it and speak for other parties.
     */
    public boolean isHub() {
        return hub != null;
    }

    public enum Initiator { EMSP, CPO }

    /** The CPO interfaces an eMSP calls; "modules" in our answers lists those the CPO offers. */
    private static final java.util.Set<String> USED = java.util.Set.of("credentials", "locations:SENDER",
            "sessions:SENDER", "cdrs:SENDER", "tariffs:SENDER", "tokens:RECEIVER", "commands:RECEIVER",
            "chargingprofiles:RECEIVER", "hubclientinfo:SENDER");

    /** The modules of {@link #USED} this peer offers, as GET /ocpi/connections lists them. */
    public List<String> modulesUsed() {
        var modules = new java.util.LinkedHashSet<String>();
        for (VersionInfo.Endpoint e : endpoints) {
            String key = e.identifier().equals("credentials") ? "credentials"
                    : e.identifier() + ":" + (e.role() == null ? "" : e.role().name());
            if (USED.contains(key)) {
                modules.add(e.identifier());
            }
        }
        return List.copyOf(modules);
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", cpoName=" + cpoName + ", status=" + status + ", party=" + countryCode
                + "/" + partyId + (hub == null ? "" : ", hub=" + hub) + "]";
    }
}
