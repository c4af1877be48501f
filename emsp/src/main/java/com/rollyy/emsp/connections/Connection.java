package com.rollyy.emsp.connections;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One peer platform and what the handshake settled with it. {@code peerToken} is the token the
 * peer gave us to call it with (decrypted in memory only); it never appears in {@link #toString()}.
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
        String hub) {

    /**
     * A hub connection: made through {@code /v1/roaming/connect} with a configured hub. Presenting
     * role HUB in credentials is not enough: any peer could claim it and speak for other parties.
     */
    public boolean isHub() {
        return hub != null;
    }

    public enum Initiator { EMSP, CPO }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", cpoName=" + cpoName + ", status=" + status + ", party=" + countryCode
                + "/" + partyId + (hub == null ? "" : ", hub=" + hub) + "]";
    }
}
