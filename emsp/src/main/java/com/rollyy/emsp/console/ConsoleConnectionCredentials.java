package com.rollyy.emsp.console;

import com.rollyy.emsp.connections.Connection;

/**
 * The state of a connection's credentials in words, never a token: which tokens exist, how they
 * are kept, and how we send ours.
 *
 * @param theirs the token the CPO gave us (we call it with it)
 * @param ours   the token we gave the CPO (it calls us with it)
 * @param format how the token travels in the Authorization header
 * @param origin who started the handshake
 */
record ConsoleConnectionCredentials(String theirs, String ours, String format, String origin) {

    static ConsoleConnectionCredentials of(Connection c) {
        String theirs = switch (c.status()) {
            case ACTIVE -> c.peerToken() == null ? "none: we cannot call this CPO"
                    : "held, encrypted at rest (never shown)";
            case INVITED -> "none yet: the CPO has not registered";
            case REGISTERING -> "none yet: the handshake is running";
            case UNREGISTERED -> "discarded: the connection is unregistered";
        };
        String ours = switch (c.status()) {
            case ACTIVE -> "issued; we keep only its hash, and any earlier token (token A included) is revoked";
            case INVITED -> "token A handed out (one-time, expires); we keep only its hash";
            case REGISTERING -> "issued for the running handshake";
            case UNREGISTERED -> "revoked: the CPO's calls are refused";
        };
        return new ConsoleConnectionCredentials(theirs, ours,
                c.rawTokenAuth() ? "raw (2.1.1-era peers)" : "base64-encoded (OCPI 2.2.1)",
                c.initiatedBy() == Connection.Initiator.EMSP ? "we registered with the CPO (its token A)"
                        : "the CPO registered with us (our invitation)");
    }
}
