package com.rollyy.emsp.connections;

import java.util.List;
import java.util.Objects;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiPeer;

/**
 * Version discovery on a peer: GET its versions, pick 2.2.1, GET the details, check the
 * endpoints we cannot do without. Each failure says which step failed and why.
 */
@Component
class PeerDiscovery {

    static final String VERSION = "2.2.1";

    private final OcpiClient client;

    PeerDiscovery(OcpiClient client) {
        this.client = client;
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

    PeerVersion discover(String versionsUrl, OcpiPeer peer) {
        List<VersionInfo.Version> listed = fetch("versions", () ->
                client.get(versionsUrl, peer.forModule("versions"), client.listOf(VersionInfo.Version.class)));
        List<VersionInfo.Version> versions = listed == null ? List.of()
                : listed.stream().filter(Objects::nonNull).toList();
        var chosen = versions.stream().filter(v -> VERSION.equals(v.version()) && v.url() != null).findFirst()
                .orElseThrow(() -> new DiscoveryException(DiscoveryException.Kind.NO_MUTUAL_VERSION,
                        "The peer offers no OCPI 2.2.1 (it offers: " + versions.stream()
                                .map(VersionInfo.Version::version).toList() + ")", null));
        VersionInfo.Details details = fetch("version details", () ->
                client.get(chosen.url(), peer.forModule("versions"), VersionInfo.Details.class));
        if (details == null || details.endpoints() == null) {
            throw new DiscoveryException(DiscoveryException.Kind.UNREACHABLE,
                    "The peer's 2.2.1 version details list no endpoints", null);
        }
        List<VersionInfo.Endpoint> endpoints = details.endpoints().stream()
                .filter(e -> e != null && e.identifier() != null && e.url() != null).toList();
        if (endpoints.stream().noneMatch(e -> e.identifier().equals("credentials"))) {
            throw new DiscoveryException(DiscoveryException.Kind.MISSING_ENDPOINTS,
                    "The peer's 2.2.1 version details have no credentials endpoint", null);
        }
        return new PeerVersion(versionsUrl, VERSION, endpoints);
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
