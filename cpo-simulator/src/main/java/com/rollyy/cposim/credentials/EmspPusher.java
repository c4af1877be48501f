package com.rollyy.cposim.credentials;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.ocpi.EmspClient;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.cposim.ocpi.WireEdge;

/**
 * Sends the simulator's own messages to the registered eMSP's Receiver interfaces (and to the
 * callback URLs it hands out), with the current token, fresh message ids and routing headers.
 * Token and URLs come from one registration snapshot, so a concurrent rotation cannot mix them.
 */
public final class EmspPusher {

    private final RegistrationState state;
    private final EmspClient client;
    private final CpoIdentity identity;
    private final WireEdge edge;

    public EmspPusher(RegistrationState state, EmspClient client, CpoIdentity identity) {
        this(state, client, identity, WireEdge.V221);
    }

    /** Bodies (in the 2.2.1 model) are sent in {@code edge}'s version. */
    public EmspPusher(RegistrationState state, EmspClient client, CpoIdentity identity, WireEdge edge) {
        this.state = state;
        this.client = client;
        this.identity = identity;
        this.edge = edge;
    }

    /** To the module's RECEIVER endpoint only: a CPO pushes where the eMSP receives. */
    public SimResponse push(String method, String module, String path, String json) throws SimulatorException {
        RegistrationState.Registration registration = registration();
        String moduleUrl = registration.peer().endpointUrl(module, "RECEIVER")
                .orElseThrow(() -> SimulatorException.local("the eMSP did not advertise a " + module + " RECEIVER endpoint"));
        return send(method, registration, OcpiPaths.join(moduleUrl, path), json);
    }

    /**
     * To the module's RECEIVER endpoint, or else whatever the eMSP listed for the module; the body
     * is sent as given, whatever the version spoken (a hand-made body is meant as it is).
     */
    public SimResponse pushAnywhere(String method, String module, String path, String json) throws SimulatorException {
        RegistrationState.Registration registration = registration();
        String moduleUrl = registration.peer().endpointUrl(module, "RECEIVER")
                .or(() -> registration.peer().endpointUrl(module))
                .orElseThrow(() -> SimulatorException.local("the eMSP did not advertise a " + module + " endpoint"));
        return send(method, registration, OcpiPaths.join(moduleUrl, path), json, false);
    }

    /** The module's RECEIVER endpoint of the current registration, if there is one. */
    public Optional<String> receiverUrl(String module) {
        return state.registration().flatMap(registration -> registration.peer().endpointUrl(module, "RECEIVER"));
    }

    /** To an absolute URL: a Receiver URL found with {@link #receiverUrl}, or a command's {@code response_url}. */
    public SimResponse sendTo(String method, String absoluteUrl, String json) throws SimulatorException {
        return send(method, registration(), absoluteUrl, json);
    }

    /**
     * The body in the wire's version: the module is the eMSP endpoint the URL lies under (the
     * longest match), else the URL is a command's {@code response_url}.
     */
    private String translate(EmspPeer peer, String method, String url, String json) {
        if (json == null || edge == WireEdge.V221) {
            return json;
        }
        String module = "response_url";
        String subPath = "";
        int longest = -1;
        for (Map<String, Object> endpoint : peer.endpoints()) {
            if (endpoint.get("url") instanceof String base && endpoint.get("identifier") instanceof String id) {
                String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
                if ((url.equals(prefix) || url.startsWith(prefix + "/")) && prefix.length() > longest) {
                    longest = prefix.length();
                    module = id;
                    subPath = url.substring(prefix.length());
                }
            }
        }
        int query = subPath.indexOf('?');
        return edge.toWire(module, method, query < 0 ? subPath : subPath.substring(0, query), json);
    }

    private RegistrationState.Registration registration() throws SimulatorException {
        return state.registration().orElseThrow(() -> SimulatorException.local("not registered with an eMSP"));
    }

    private SimResponse send(String method, RegistrationState.Registration registration, String url, String json)
            throws SimulatorException {
        return send(method, registration, url, json, true);
    }

    private SimResponse send(String method, RegistrationState.Registration registration, String url, String json,
                             boolean translate) throws SimulatorException {
        try {
            return client.send(method, url, translate ? translate(registration.peer(), method, url, json) : json,
                    registration.tokenForEmsp(),
                    edge.routingHeaders() ? RoutingHeaders.forRequest(identity, registration.peer()) : Map.of());
        } catch (IOException e) {
            throw new SimulatorException(method + " " + url + " failed: " + EmspClient.describe(e),
                    SimulatorException.NO_HTTP_RESPONSE, null, null, e);
        }
    }
}
