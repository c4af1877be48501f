package com.rollyy.emsp.ocpi;

/**
 * How to call one peer: the token it gave us, whether it wants that token raw instead of
 * base64 (2.1.1-era peers), and the routing headers to send (null on configuration modules).
 */
public record OcpiPeer(String token, boolean rawToken, OcpiRoutingHeaders routing) {

    public static OcpiPeer withToken(String token, boolean rawToken) {
        return new OcpiPeer(token, rawToken, null);
    }

    public OcpiPeer routedAs(OcpiRoutingHeaders routing) {
        return new OcpiPeer(token, rawToken, routing);
    }

    @Override
    public String toString() {
        return "OcpiPeer[rawToken=" + rawToken + ", routing=" + routing + "]";
    }
}
