package com.rollyy.cposim.credentials;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.ocpi.EmspClient;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.cposim.ocpi.WireEdge;

/**
 * Reads a peer's versions list and its 2.2.1 version details. Shared by both handshake
 * directions: as credentials receiver (failures become 3001/3002 answers) and as sender
 * (failures become {@link SimulatorException}s).
 */
public final class VersionDiscovery {

    static final String VERSION = OcpiPaths.VERSION;

    /** Why discovery failed, with the OCPI status code a credentials receiver answers. */
    static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        private final int ocpiStatusCode;
        private final transient SimResponse response;

        Failure(int ocpiStatusCode, String message, SimResponse response, Throwable cause) {
            super(message, cause);
            this.ocpiStatusCode = ocpiStatusCode;
            this.response = response;
        }

        int ocpiStatusCode() {
            return ocpiStatusCode;
        }

        /** The peer's offending answer, or null when there was no HTTP response. */
        SimResponse response() {
            return response;
        }

        SimulatorException toSimulatorException(String context) {
            String message = context + ": " + getMessage();
            return response == null
                    ? new SimulatorException(message, SimulatorException.NO_HTTP_RESPONSE, null, null, getCause())
                    : SimulatorException.of(message, response);
        }
    }

    private final EmspClient client;
    private final WireEdge edge;

    public VersionDiscovery(EmspClient client) {
        this(client, WireEdge.V221);
    }

    /** Discovers the peer's {@code edge.version()} and reads its details into the model. */
    public VersionDiscovery(EmspClient client, WireEdge edge) {
        this.client = client;
        this.edge = edge;
    }

    /** GET versions, pick ours (2.2.1 unless the edge speaks another), GET its details; the result carries no roles yet. */
    EmspPeer discover(String versionsUrl, String token) throws Failure {
        return discover(versionsUrl, token, false);
    }

    /**
     * Like {@link #discover(String, String)}; with {@code choose} (the simulator starts the
     * handshake) the highest version both sides offer becomes the one spoken.
     */
    EmspPeer discover(String versionsUrl, String token, boolean choose) throws Failure {
        Object versions = ocpiData(versionsUrl, token, "versions");
        List<Object> list = Json.asList(versions)
                .orElseThrow(() -> unusable("versions data is not a list", null));
        if (choose) {
            edge.versions().stream()
                    .filter(offered -> list.stream().flatMap(entry -> Json.asObject(entry).stream())
                            .anyMatch(entry -> offered.equals(entry.get("version"))))
                    .findFirst()
                    .ifPresent(edge::use);
        }
        String version = edge.version();
        String detailsUrl = list.stream()
                .flatMap(entry -> Json.asObject(entry).stream())
                .filter(entry -> version.equals(entry.get("version")))
                .flatMap(entry -> Json.text(entry, "url").stream())
                .findFirst()
                .orElseThrow(() -> new Failure(OcpiEnvelope.UNSUPPORTED_VERSION,
                        "peer offers no version " + version, null, null));

        Map<String, Object> details = Json.asObject(ocpiData(detailsUrl, token, "version details"))
                .orElseThrow(() -> unusable("version details data is not an object", null));
        if (!version.equals(details.get("version"))) {
            throw unusable("version details are for version " + details.get("version"), null);
        }
        details = Json.asObject(edge.toModel("versions", details)).orElse(details);
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (Object entry : Json.asList(details.get("endpoints"))
                .orElseThrow(() -> unusable("version details have no endpoints list", null))) {
            endpoints.add(Json.asObject(entry)
                    .orElseThrow(() -> unusable("an endpoint is not an object", null)));
        }
        return new EmspPeer(versionsUrl, detailsUrl, endpoints, List.of());
    }

    private Object ocpiData(String url, String token, String what) throws Failure {
        SimResponse response;
        try {
            response = client.send("GET", url, null, token, Map.of());
        } catch (IOException e) {
            throw new Failure(OcpiEnvelope.UNABLE_TO_USE_CLIENT_API,
                    "GET " + what + " failed: " + EmspClient.describe(e), null, e);
        }
        if (response.status() < 200 || response.status() > 299) {
            throw unusable("GET " + what + " answered HTTP " + response.status(), response);
        }
        Map<String, Object> envelope = OcpiEnvelope.parse(response.body())
                .orElseThrow(() -> unusable("GET " + what + " did not answer an OCPI envelope", response));
        Optional<Integer> code = OcpiEnvelope.statusCodeOf(envelope);
        if (code.isEmpty() || code.get() != OcpiEnvelope.SUCCESS) {
            throw unusable("GET " + what + " answered status_code " + code.orElse(null), response);
        }
        return envelope.get("data");
    }

    private static Failure unusable(String message, SimResponse response) {
        return new Failure(OcpiEnvelope.UNABLE_TO_USE_CLIENT_API, message, response, null);
    }
}
