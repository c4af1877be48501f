package com.rollyy.cposim.credentials;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rollyy.cposim.SimulatorKnobs;
import com.rollyy.cposim.ocpi.Caller;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.Reply;
import com.rollyy.cposim.ocpi.Tokens;

/**
 * {@code /ocpi/2.2.1/credentials} with the simulator as credentials receiver (the eMSP
 * initiates, rotates or unregisters).
 */
public final class CredentialsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsHandler.class);

    private final RegistrationState state;
    private final VersionDiscovery discovery;
    private final SimulatorKnobs knobs;
    private final CpoIdentity identity;
    private final Supplier<String> versionsUrl;

    public CredentialsHandler(RegistrationState state, VersionDiscovery discovery, SimulatorKnobs knobs,
                       CpoIdentity identity, Supplier<String> versionsUrl) {
        this.state = state;
        this.discovery = discovery;
        this.knobs = knobs;
        this.identity = identity;
        this.versionsUrl = versionsUrl;
    }

    public Reply handle(Inbound request) {
        switch (request.method()) {
            case "GET":
                return Reply.ok(OcpiEnvelope.success(identity.credentials(request.callerToken(), versionsUrl.get())));
            case "POST":
                return post(request);
            case "PUT":
                return put(request);
            case "DELETE":
                return delete(request);
            default:
                return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
    }

    private Reply post(Inbound request) {
        if (state.isRegistered()) {
            return alreadyRegistered();
        }
        if (request.caller() != Caller.TOKEN_A) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Registration POST must use token A");
        }
        Outcome outcome = exchange(request);
        if (outcome.reply != null) {
            return outcome.reply;
        }
        String issued = Tokens.generate("sim-c");
        if (!state.registerAsReceiver(outcome.body.token(), issued, outcome.peer)) {
            return alreadyRegistered();
        }
        LOG.info("registered by eMSP at {}", outcome.peer.versionsUrl());
        return Reply.ok(OcpiEnvelope.success(identity.credentials(issued, versionsUrl.get())));
    }

    private Reply put(Inbound request) {
        if (request.caller() != Caller.PEER || !state.isRegistered()) {
            return notRegistered();
        }
        Outcome outcome = exchange(request);
        if (outcome.reply != null) {
            return outcome.reply;
        }
        String issued = Tokens.generate("sim-c");
        if (!state.updateAsReceiver(request.callerToken(), outcome.body.token(), issued, outcome.peer)) {
            return notRegistered();
        }
        LOG.info("credentials updated by eMSP at {}", outcome.peer.versionsUrl());
        return Reply.ok(OcpiEnvelope.success(identity.credentials(issued, versionsUrl.get())));
    }

    private Reply delete(Inbound request) {
        if (request.caller() != Caller.PEER || !state.unregisterAsReceiver(request.callerToken())) {
            return notRegistered();
        }
        LOG.info("unregistered by eMSP");
        return Reply.ok(OcpiEnvelope.successWithoutData());
    }

    /** Shared POST/PUT work: parse, validate, then call the eMSP back with the token it sent us. */
    private Outcome exchange(Inbound request) {
        Object json = Json.parse(request.body()).orElse(null);
        if (json == null) {
            return Outcome.failed(Reply.httpError(400, OcpiEnvelope.INVALID_PARAMETERS, "Body is not valid JSON"));
        }
        if (knobs.rejectCredentials()) {
            return Outcome.failed(Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, "credentials rejected by simulator"));
        }
        CredentialsBody body;
        try {
            body = CredentialsBody.validate(json);
        } catch (CredentialsBody.Invalid e) {
            return Outcome.failed(Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, e.getMessage()));
        }
        EmspPeer peer;
        try {
            peer = discovery.discover(body.url(), body.token()).withRoles(body.roles());
        } catch (VersionDiscovery.Failure e) {
            LOG.info("credentials callback to {} failed: {}", body.url(), e.getMessage());
            return Outcome.failed(Reply.ocpiError(e.ocpiStatusCode(), e.getMessage()));
        }
        if (peer.endpointUrl("credentials").isEmpty()) {
            // without it the simulator could never rotate or unregister towards this peer
            return Outcome.failed(Reply.ocpiError(OcpiEnvelope.NO_MATCHING_ENDPOINTS,
                    "peer's version details lack a credentials endpoint"));
        }
        return new Outcome(body, peer, null);
    }

    private static Reply alreadyRegistered() {
        return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR,
                "Already registered: use PUT to update or DELETE to unregister");
    }

    private static Reply notRegistered() {
        return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Not registered: use POST with token A first");
    }

    private static final class Outcome {
        final CredentialsBody body;
        final EmspPeer peer;
        final Reply reply;

        Outcome(CredentialsBody body, EmspPeer peer, Reply reply) {
            this.body = body;
            this.peer = peer;
            this.reply = reply;
        }

        static Outcome failed(Reply reply) {
            return new Outcome(null, null, reply);
        }
    }
}
