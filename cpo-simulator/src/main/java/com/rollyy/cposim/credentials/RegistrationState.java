package com.rollyy.cposim.credentials;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.rollyy.cposim.ocpi.Caller;

/**
 * Token bookkeeping for the single eMSP the simulator talks to. All transitions are
 * synchronized and short; network calls happen outside, and every commit re-checks the state
 * it was based on, so a concurrent DELETE or second POST cannot be overwritten silently.
 *
 * <p>Every transition ends by publishing an immutable {@link View}; reads (authentication of
 * each request, the token and endpoints for each push) use it and take no lock, so many
 * threads can talk to the eMSP at once.
 */
public final class RegistrationState {

    /** A consistent, immutable copy of the state after the last transition. */
    private record View(String tokenA, String lastTokenA, String tokenIssuedToEmsp, String tokenForEmsp,
                        EmspPeer peer, Set<String> pendingTokens) {

        boolean isRegistered() {
            return tokenIssuedToEmsp != null && tokenForEmsp != null;
        }
    }

    private volatile View view;
    private String tokenA;
    private String lastTokenA;
    private String tokenIssuedToEmsp;
    private String tokenForEmsp;
    private EmspPeer peer;
    private final Set<String> pendingTokens = new HashSet<>();

    public RegistrationState(String initialTokenA) {
        this.tokenA = initialTokenA;
        this.lastTokenA = initialTokenA;
        publish();
    }

    /** Called at the end of every transition, under the lock. */
    private void publish() {
        view = new View(tokenA, lastTokenA, tokenIssuedToEmsp, tokenForEmsp, peer, Set.copyOf(pendingTokens));
    }

    public Optional<Caller> identify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        View current = view;
        if (token.equals(current.tokenIssuedToEmsp())) {
            return Optional.of(Caller.PEER);
        }
        if (current.pendingTokens().contains(token)) {
            return Optional.of(Caller.PENDING);
        }
        if (token.equals(current.tokenA())) {
            return Optional.of(Caller.TOKEN_A);
        }
        return Optional.empty();
    }

    public synchronized String issueTokenA(String newTokenA) {
        tokenA = newTokenA;
        lastTokenA = newTokenA;
        publish();
        return newTokenA;
    }

    public String lastTokenA() {
        return view.lastTokenA();
    }

    public boolean isTokenAValid() {
        return view.tokenA() != null;
    }

    public boolean isRegistered() {
        return view.isRegistered();
    }

    public String tokenIssuedToEmsp() {
        return view.tokenIssuedToEmsp();
    }

    public String tokenForEmsp() {
        return view.tokenForEmsp();
    }

    public Optional<EmspPeer> peer() {
        return Optional.ofNullable(view.peer());
    }

    /**
     * The token for the eMSP and what is known about it, read together (empty when not
     * registered): a push must not combine the token of one registration with the URL of another.
     */
    Optional<Registration> registration() {
        View current = view;
        return current.isRegistered() && current.peer() != null
                ? Optional.of(new Registration(current.tokenForEmsp(), current.peer()))
                : Optional.empty();
    }

    record Registration(String tokenForEmsp, EmspPeer peer) {
    }

    synchronized void addPending(String token) {
        pendingTokens.add(token);
        publish();
    }

    synchronized void removePending(String token) {
        pendingTokens.remove(token);
        publish();
    }

    /** Under the lock: the fields, not the published view, are the truth. */
    private boolean registered() {
        return tokenIssuedToEmsp != null && tokenForEmsp != null;
    }

    /** eMSP-initiated POST succeeded: token A is spent. False if someone registered meanwhile. */
    synchronized boolean registerAsReceiver(String peerToken, String issuedToken, EmspPeer newPeer) {
        if (registered()) {
            return false;
        }
        tokenForEmsp = peerToken;
        tokenIssuedToEmsp = issuedToken;
        peer = newPeer;
        tokenA = null;
        publish();
        return true;
    }

    /** Credentials PUT from the eMSP succeeded. False if the caller's token was revoked meanwhile. */
    synchronized boolean updateAsReceiver(String callerToken, String peerToken, String issuedToken,
                                          EmspPeer newPeer) {
        if (!registered() || !callerToken.equals(tokenIssuedToEmsp)) {
            return false;
        }
        tokenForEmsp = peerToken;
        tokenIssuedToEmsp = issuedToken;
        peer = newPeer;
        publish();
        return true;
    }

    /** Credentials DELETE from the eMSP. False if the caller is not (any more) the registered peer. */
    synchronized boolean unregisterAsReceiver(String callerToken) {
        if (!registered() || !callerToken.equals(tokenIssuedToEmsp)) {
            return false;
        }
        forget();
        return true;
    }

    /** CPO-initiated POST succeeded: the pending token B becomes the accepted one. */
    synchronized void registerAsSender(String issuedToken, String peerToken, EmspPeer newPeer) {
        pendingTokens.remove(issuedToken);
        tokenIssuedToEmsp = issuedToken;
        tokenForEmsp = peerToken;
        peer = newPeer;
        publish();
    }

    /** CPO-initiated PUT succeeded: the old issued token dies, the pending one replaces it. */
    synchronized void rotateAsSender(String issuedToken, String peerToken, List<Map<String, Object>> roles) {
        pendingTokens.remove(issuedToken);
        tokenIssuedToEmsp = issuedToken;
        tokenForEmsp = peerToken;
        if (peer != null && roles != null) {
            peer = peer.withRoles(roles);
        }
        publish();
    }

    /** Drops every registration token; token A is left alone (it is managed by issueTokenA). */
    synchronized void forget() {
        tokenIssuedToEmsp = null;
        tokenForEmsp = null;
        peer = null;
        pendingTokens.clear();
        publish();
    }
}
