package com.rollyy.emsp.ocpi;

/**
 * How to call one peer: the token it gave us, whether it wants that token raw instead of
 * base64 (2.1.1-era peers), and the routing headers to send (null on configuration modules).
 * {@code connection} and {@code module} label the call in the meters
 * ({@code ocpi_client_requests_seconds}); null when not known (e.g. during registration). The
 * {@code module} and the peer's OCPI {@code version} (null: 2.2.1) also choose how bodies are
 * translated to and from the peer's wire format ({@link OcpiWire}). {@code quirks} is the
 * partner's quirk profile (null: {@link PartnerQuirks#SPEC}); {@code home} its versions URL, the
 * host a Link is rewritten to under {@link PartnerQuirks#rewriteInternalLinks()}; {@code partner}
 * the partner's own party (owner of the objects a 2.1.1 partner sends without one; null: unknown).
 */
public record OcpiPeer(String token, boolean rawToken, OcpiRoutingHeaders routing, String connection,
                       String module, OcpiVersion version, PartnerQuirks quirks, String home, OcpiParty partner) {

    public OcpiPeer(String token, boolean rawToken, OcpiRoutingHeaders routing, String connection,
                    String module, OcpiVersion version) {
        this(token, rawToken, routing, connection, module, version, null, null, null);
    }

    public OcpiPeer(String token, boolean rawToken, OcpiRoutingHeaders routing) {
        this(token, rawToken, routing, null, null, null);
    }

    public static OcpiPeer withToken(String token, boolean rawToken) {
        return new OcpiPeer(token, rawToken, null);
    }

    public OcpiPeer routedAs(OcpiRoutingHeaders routing) {
        return new OcpiPeer(token, rawToken, routing, connection, module, version, quirks, home, partner);
    }

    /** The same peer, its calls labelled with this connection id. */
    public OcpiPeer forConnection(Object connectionId) {
        return new OcpiPeer(token, rawToken, routing, connectionId == null ? null : connectionId.toString(), module,
                version, quirks, home, partner);
    }

    /** The same peer, its calls labelled with this OCPI module identifier ("commands", "tokens", ...). */
    public OcpiPeer forModule(String module) {
        return new OcpiPeer(token, rawToken, routing, connection, module, version, quirks, home, partner);
    }

    /** The same peer speaking this OCPI version (null or 2.2.1: the model's own format). */
    public OcpiPeer speaking(OcpiVersion version) {
        return new OcpiPeer(token, rawToken, routing, connection, module, version, quirks, home, partner);
    }

    /** The same peer with this quirk profile; {@code versionsUrl} is where its Links are rewritten to. */
    public OcpiPeer withQuirks(PartnerQuirks quirks, String versionsUrl) {
        return new OcpiPeer(token, rawToken, routing, connection, module, version, quirks, versionsUrl, partner);
    }

    /** The same peer, its token sent raw ({@code true}) or base64-encoded. */
    public OcpiPeer encoded(boolean raw) {
        return new OcpiPeer(token, raw, routing, connection, module, version, quirks, home, partner);
    }

    /** The same peer, known to be this party (the owner of objects it sends without one). */
    public OcpiPeer as(OcpiParty partner) {
        return new OcpiPeer(token, rawToken, routing, connection, module, version, quirks, home, partner);
    }

    /** The version this peer speaks: 2.2.1 unless told otherwise. */
    public OcpiVersion ocpiVersion() {
        return version == null ? OcpiVersion.V2_2_1 : version;
    }

    /** The partner's quirk profile: the spec's behaviour unless set. */
    public PartnerQuirks profile() {
        return quirks == null ? PartnerQuirks.SPEC : quirks;
    }

    @Override
    public String toString() {
        return "OcpiPeer[rawToken=" + rawToken + ", routing=" + routing + ", connection=" + connection
                + ", version=" + ocpiVersion().value() + (quirks == null ? "" : ", quirks=" + quirks) + "]";
    }
}
