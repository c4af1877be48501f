package com.rollyy.emsp.ocpi;

import java.util.List;
import java.util.UUID;

/**
 * The authenticated peer platform behind an OCPI request: which connection its token belongs
 * to, whether that token is a one-time registration token (token A), and the parties the peer
 * registered. The presented token is kept so GET credentials can answer with it (we store only
 * hashes); it never appears in {@link #toString()}.
 */
public record OcpiCaller(UUID connectionId, boolean registrationToken, boolean registered,
                         List<OcpiParty> parties, String presentedToken) {

    public static final String ATTRIBUTE = "com.rollyy.emsp.ocpi.caller";

    @Override
    public String toString() {
        return "OcpiCaller[connection=" + connectionId + ", registrationToken=" + registrationToken
                + ", registered=" + registered + ", parties=" + parties + "]";
    }
}
