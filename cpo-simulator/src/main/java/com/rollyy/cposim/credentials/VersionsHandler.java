package com.rollyy.cposim.credentials;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.rollyy.cposim.Endpoint;
import com.rollyy.cposim.SimulatorKnobs;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.Reply;

/**
 * {@code GET /ocpi/versions} and {@code GET /ocpi/2.2.1}, including the failure knobs. The details
 * list {@code credentials}, then the mounted modules in the order they were mounted (see
 * {@link #module}; CpoSimulator mounts {@code locations}, {@code tariffs}, {@code sessions} and
 * {@code cdrs} as SENDER and {@code commands} and {@code tokens} as RECEIVER), then extras.
 */
public final class VersionsHandler {

    private static final String BROKEN_HTML = "<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>"
            + "<body><h1>We'll be back soon</h1></body></html>\n";

    private final Supplier<String> baseUrl;
    private final SimulatorKnobs knobs;
    /** The mounted modules: each gives its endpoint for the base URL, or none when switched off. */
    private final List<java.util.function.Function<String, java.util.Optional<Endpoint>>> modules =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public VersionsHandler(Supplier<String> baseUrl, SimulatorKnobs knobs) {
        this.baseUrl = baseUrl;
        this.knobs = knobs;
    }

    public VersionsHandler module(java.util.function.Function<String, java.util.Optional<Endpoint>> endpoint) {
        modules.add(endpoint);
        return this;
    }

    public Reply versions(Inbound request) {
        if (!"GET".equals(request.method())) {
            return methodNotAllowed();
        }
        switch (knobs.versionsFailure()) {
            case HTTP_500:
                return Reply.raw(500, "text/plain; charset=utf-8", "Internal Server Error\n");
            case NOT_JSON:
                return Reply.raw(200, "text/html; charset=utf-8", BROKEN_HTML);
            case NO_2_2_1:
                return Reply.ok(OcpiEnvelope.success(List.of(version("2.1.1", baseUrl.get() + "/ocpi/2.1.1"))));
            case CLOSE_CONNECTION:
                return Reply.closeConnection();
            case NONE:
            default:
                return Reply.ok(OcpiEnvelope.success(
                        List.of(version(VersionDiscovery.VERSION, baseUrl.get() + OcpiPaths.DETAILS))));
        }
    }

    public Reply details(Inbound request) {
        if (!"GET".equals(request.method())) {
            return methodNotAllowed();
        }
        List<Map<String, Object>> endpoints = new ArrayList<>();
        if (!knobs.omitCredentialsEndpoint()) {
            // (d2) advises SENDER for one's own credentials endpoint; peers must ignore the value
            endpoints.add(endpoint(new Endpoint("credentials", "SENDER", baseUrl.get() + OcpiPaths.CREDENTIALS)));
        }
        // the Sender interfaces are always there; an extra entry with the same identifier and role replaces one
        List<Endpoint> extras = new ArrayList<>(knobs.extraEndpoints());
        List<Endpoint> builtIns = new ArrayList<>();
        modules.forEach(module -> module.apply(baseUrl.get()).ifPresent(builtIns::add));
        for (Endpoint builtIn : builtIns) {
            Endpoint replacement = extras.stream()
                    .filter(extra -> extra.identifier().equals(builtIn.identifier()) && extra.role().equals(builtIn.role()))
                    .findFirst()
                    .orElse(null);
            extras.remove(replacement);
            endpoints.add(endpoint(replacement != null ? replacement : builtIn));
        }
        extras.forEach(extra -> endpoints.add(endpoint(extra)));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", VersionDiscovery.VERSION);
        data.put("endpoints", endpoints);
        return Reply.ok(OcpiEnvelope.success(data));
    }

    private static Map<String, Object> version(String version, String url) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", version);
        entry.put("url", url);
        return entry;
    }

    private static Map<String, Object> endpoint(Endpoint endpoint) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("identifier", endpoint.identifier());
        entry.put("role", endpoint.role());
        entry.put("url", endpoint.url());
        return entry;
    }

    private static Reply methodNotAllowed() {
        return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
    }
}
