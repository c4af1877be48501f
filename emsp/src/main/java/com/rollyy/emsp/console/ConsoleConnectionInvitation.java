package com.rollyy.emsp.console;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import com.rollyy.emsp.connections.HandshakeService;

/**
 * A new invitation's token A and our versions URL, carried once in the flash of the POST that
 * created it: the page after the redirect shows it, a reload no longer has it.
 *
 * @param hub the hub it was made for (AWAIT mode), or null for a CPO
 */
record ConsoleConnectionInvitation(UUID connectionId, String token, String versionsUrl, Instant expiresAt,
                                   String hub) implements Serializable {

    static ConsoleConnectionInvitation of(HandshakeService.Invitation i, String hub) {
        return new ConsoleConnectionInvitation(i.connectionId(), i.token(), i.versionsUrl(), i.expiresAt(), hub);
    }

    @Override
    public String toString() {
        return "ConsoleConnectionInvitation[connectionId=" + connectionId + ", hub=" + hub + "]";
    }
}
