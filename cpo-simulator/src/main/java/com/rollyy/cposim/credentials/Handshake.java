package com.rollyy.cposim.credentials;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.ocpi.EmspClient;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.cposim.ocpi.WireEdge;
import com.rollyy.cposim.ocpi.Tokens;

/**
 * The simulator as credentials sender: CPO-initiated registration, token rotation (PUT) and
 * unregistration (DELETE) towards the eMSP.
 */
public final class Handshake {

    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);

    private final RegistrationState state;
    private final EmspClient client;
    private final VersionDiscovery discovery;
    private final CpoIdentity identity;
    private final Supplier<String> versionsUrl;
    private final WireEdge edge;

    public Handshake(RegistrationState state, EmspClient client, VersionDiscovery discovery, CpoIdentity identity,
              Supplier<String> versionsUrl) {
        this(state, client, discovery, identity, versionsUrl, WireEdge.V221);
    }

    /** Sends and reads the Credentials objects in {@code edge}'s version. */
    public Handshake(RegistrationState state, EmspClient client, VersionDiscovery discovery, CpoIdentity identity,
              Supplier<String> versionsUrl, WireEdge edge) {
        this.edge = edge;
        this.state = state;
        this.client = client;
        this.discovery = discovery;
        this.identity = identity;
        this.versionsUrl = versionsUrl;
    }

    public RegistrationResult register(String emspVersionsUrl, String tokenA) throws SimulatorException {
        if (state.isRegistered()) {
            throw SimulatorException.local("already registered: unregister() first");
        }
        Tokens.requireValid(tokenA, "tokenA");
        EmspPeer discovered;
        try {
            discovered = discovery.discover(emspVersionsUrl, tokenA, true);
        } catch (VersionDiscovery.Failure e) {
            throw e.toSimulatorException("eMSP version discovery failed");
        }
        String credentialsUrl = discovered.endpointUrl("credentials").orElseThrow(() ->
                SimulatorException.local("eMSP " + edge.version() + " details list no credentials endpoint"));

        // the eMSP calls our versions back with B before it answers, so B must work already
        String tokenB = Tokens.generate("sim-b");
        state.addPending(tokenB);
        boolean registered = false;
        try {
            SimResponse response = send("POST", credentialsUrl, tokenB, tokenA);
            CredentialsBody theirs = acceptedCredentials(response, "credentials POST", tokenA, tokenB);
            EmspPeer peer = discovered.withRoles(theirs.roles());
            state.registerAsSender(tokenB, theirs.token(), peer);
            registered = true;
            LOG.info("registered with eMSP at {}", emspVersionsUrl);
            return new RegistrationResult(tokenB, theirs.token(), emspVersionsUrl, credentialsUrl,
                    peer.roles(), peer.endpoints());
        } finally {
            if (!registered) {
                state.removePending(tokenB);
            }
        }
    }

    public void rotate() throws SimulatorException {
        String credentialsUrl = credentialsUrl();
        String currentToken = state.tokenForEmsp();
        String newToken = Tokens.generate("sim-b");
        state.addPending(newToken);
        boolean rotated = false;
        try {
            SimResponse response = send("PUT", credentialsUrl, newToken, currentToken);
            CredentialsBody theirs = acceptedCredentials(response, "credentials PUT", currentToken, newToken);
            state.rotateAsSender(newToken, theirs.token(), theirs.roles());
            rotated = true;
            LOG.info("rotated credentials with eMSP");
        } finally {
            if (!rotated) {
                state.removePending(newToken);
            }
        }
    }

    public void unregister() throws SimulatorException {
        String credentialsUrl = credentialsUrl();
        SimResponse response = exchange("DELETE", credentialsUrl, null, state.tokenForEmsp());
        if (!isSuccess(response)) {
            throw SimulatorException.of("credentials DELETE failed", response);
        }
        state.forget();
        LOG.info("unregistered from eMSP");
    }

    private String credentialsUrl() throws SimulatorException {
        if (!state.isRegistered()) {
            throw SimulatorException.local("not registered with an eMSP");
        }
        return state.peer()
                .flatMap(peer -> peer.endpointUrl("credentials"))
                .orElseThrow(() -> SimulatorException.local("no eMSP credentials endpoint known"));
    }

    private SimResponse send(String method, String url, String ourToken, String authToken) throws SimulatorException {
        Map<String, Object> body = new LinkedHashMap<>(identity.credentials(ourToken, versionsUrl.get()));
        return exchange(method, url, edge.toWire("credentials", method, "", Json.write(body)), authToken);
    }

    private SimResponse exchange(String method, String url, String body, String authToken) throws SimulatorException {
        try {
            return client.send(method, url, body, authToken, Map.of());
        } catch (IOException e) {
            throw new SimulatorException(method + " " + url + " failed: " + EmspClient.describe(e),
                    SimulatorException.NO_HTTP_RESPONSE, null, null, e);
        }
    }

    /**
     * Checks the eMSP's answer is 1000 with a spec-valid Credentials object and a fresh token;
     * a conformance bug in the eMSP should fail the test that triggered it, not later ones.
     */
    private CredentialsBody acceptedCredentials(SimResponse response, String what, String... staleTokens)
            throws SimulatorException {
        if (!isSuccess(response)) {
            throw SimulatorException.of(what + " was not accepted", response);
        }
        Object data = OcpiEnvelope.parse(response.body()).map(envelope -> envelope.get("data"))
                .map(wire -> edge.toModel("credentials", wire)).orElse(null);
        CredentialsBody theirs;
        try {
            theirs = CredentialsBody.validate(data);
        } catch (CredentialsBody.Invalid e) {
            throw SimulatorException.of(what + " answered invalid credentials: " + e.getMessage(), response);
        }
        for (String stale : staleTokens) {
            if (theirs.token().equals(stale)) {
                throw SimulatorException.of(what + " answered a token that is not new", response);
            }
        }
        return theirs;
    }

    private static boolean isSuccess(SimResponse response) {
        return response.status() >= 200 && response.status() <= 299
                && Integer.valueOf(OcpiEnvelope.SUCCESS).equals(response.ocpiStatusCode());
    }
}
