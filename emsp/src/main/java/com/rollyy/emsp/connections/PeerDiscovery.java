package com.rollyy.emsp.connections;

import java.util.List;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiPeer;
import com.rollyy.emsp.ocpi.OcpiVersion;

/**
 * Version discovery on a peer: GET its versions, pick the highest version both sides offer (or
 * the one the peer registers on with us), GET its details, check the endpoints we cannot do
 * without. Each failure says which step failed and why.
 */
@Component
class PeerDiscovery {

    private final OcpiClient client;
    private final com.rollyy.emsp.ocpi.OcpiWires wires;

    PeerDiscovery(OcpiClient client, com.rollyy.emsp.ocpi.OcpiWires wires) {
        this.client = client;
        this.wires = wires;
    }

    record PeerVersion(String versionsUrl, String version, List<VersionInfo.Endpoint> endpoints) {

        VersionInfo.Endpoint endpoint(String identifier) {
            return endpoints.stream().filter(e -> e.identifier().equals(identifier)).findFirst().orElse(null);
        }
    }

    static final class DiscoveryException extends RuntimeException {

        enum Kind { UNREACHABLE, NO_MUTUAL_VERSION, MISSING_ENDPOINTS }

        private final Kind kind;

        DiscoveryException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }

    /** Discovery for a registration we start: the highest version both sides offer. */
    PeerVersion discover(String versionsUrl, OcpiPeer peer) {
        return discover(versionsUrl, peer, null);
    }

    /**
     * Discovery settling on {@code wanted} (the version a peer registers on with us), or, when
     * null, on the highest version both sides offer.
     */
    PeerVersion discover(String versionsUrl, OcpiPeer peer, OcpiVersion wanted) {
        List<VersionInfo.Version> listed = fetch("versions", () ->
                client.get(versionsUrl, peer.forModule("versions"), client.listOf(VersionInfo.Version.class)));
        List<VersionInfo.Version> versions = listed == null ? List.of()
                : listed.stream().filter(v -> v != null && v.url() != null).toList();
        var theirs = new java.util.LinkedHashMap<OcpiVersion, VersionInfo.Version>();
        versions.forEach(v -> OcpiVersion.of(v.version()).ifPresent(known -> theirs.putIfAbsent(known, v)));
        List<OcpiVersion> ours = wanted != null ? List.of(wanted) : wires.offered();
        OcpiVersion version = OcpiVersion.highestMutual(ours, theirs.keySet()).orElseThrow(() ->
                new DiscoveryException(DiscoveryException.Kind.NO_MUTUAL_VERSION, "The peer offers no OCPI "
                        + String.join(" or ", ours.stream().map(OcpiVersion::value).toList()) + " (it offers: "
                        + versions.stream().map(VersionInfo.Version::version).toList() + ")", null));
        String label = version.value();
        VersionInfo.Details details = fetch("version details", () -> client.get(theirs.get(version).url(),
                peer.forModule("versions").speaking(version), VersionInfo.Details.class));
        if (details == null || details.endpoints() == null) {
            throw new DiscoveryException(DiscoveryException.Kind.UNREACHABLE,
                    "The peer's " + label + " version details list no endpoints", null);
        }
        List<VersionInfo.Endpoint> endpoints = details.endpoints().stream()
                .filter(e -> e != null && e.identifier() != null && e.url() != null).toList();
        if (endpoints.stream().noneMatch(e -> e.identifier().equals("credentials"))) {
            throw new DiscoveryException(DiscoveryException.Kind.MISSING_ENDPOINTS,
                    "The peer's " + label + " version details have no credentials endpoint", null);
        }
        return new PeerVersion(versionsUrl, label, endpoints);
    }

    private static <T> T fetch(String step, java.util.function.Supplier<com.rollyy.emsp.ocpi.OcpiResult<T>> call) {
        try {
            return call.get().requireSuccess();
        } catch (OcpiClientException e) {
            String why = switch (e.kind()) {
                case UNREACHABLE -> "could not reach the peer's " + step + " endpoint";
                case NOT_JSON -> "the peer's " + step + " endpoint did not answer with JSON (is it an OCPI server?)";
                case NOT_OCPI -> "the peer's " + step + " endpoint did not answer with an OCPI response";
                case TOO_LARGE -> "the peer's " + step + " answer was too large";
                case REJECTED -> "the peer's " + step + " endpoint refused the request";
            };
            throw new DiscoveryException(DiscoveryException.Kind.UNREACHABLE, why + ": " + e.getMessage(), e);
        }
    }
}
