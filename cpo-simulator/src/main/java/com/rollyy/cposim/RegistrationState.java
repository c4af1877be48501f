package com.rollyy.cposim;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Token bookkeeping for the single eMSP the simulator talks to. All transitions are
 * synchronized and short; network calls happen outside, and every commit re-checks the state
 * it was based on, so a concurrent DELETE or second POST cannot be overwritten silently.
 */
final class RegistrationState {

    /** Which kind of token the caller presented. */
    enum Caller {
        /** The one-time registration token A: versions, details and credentials only. */
        TOKEN_A,
        /** The token the simulator issued to the registered eMSP. */
        PEER,
        /** A token issued during an ongoing handshake/rotation, accepted so the eMSP can call back. */
        PENDING
    }

    private String tokenA;
    private String lastTokenA;
    private String tokenIssuedToEmsp;
    private String tokenForEmsp;
    private EmspPeer peer;
    private final Set<String> pendingTokens = new HashSet<>();

    RegistrationState(String initialTokenA) {
        this.tokenA = initialTokenA;
        this.lastTokenA = initialTokenA;
    }

    synchronized Optional<Caller> identify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        if (token.equals(tokenIssuedToEmsp)) {
            return Optional.of(Caller.PEER);
        }
        if (pendingTokens.contains(token)) {
            return Optional.of(Caller.PENDING);
        }
        if (token.equals(tokenA)) {
            return Optional.of(Caller.TOKEN_A);
        }
        return Optional.empty();
    }

    synchronized String issueTokenA(String newTokenA) {
        tokenA = newTokenA;
        lastTokenA = newTokenA;
        return newTokenA;
    }

    synchronized String lastTokenA() {
        return lastTokenA;
    }

    synchronized boolean isTokenAValid() {
        return tokenA != null;
    }

    synchronized boolean isRegistered() {
        return tokenIssuedToEmsp != null && tokenForEmsp != null;
    }

    synchronized String tokenIssuedToEmsp() {
        return tokenIssuedToEmsp;
    }

    synchronized String tokenForEmsp() {
        return tokenForEmsp;
    }

    synchronized Optional<EmspPeer> peer() {
        return Optional.ofNullable(peer);
    }

    synchronized void addPending(String token) {
        pendingTokens.add(token);
    }

    synchronized void removePending(String token) {
        pendingTokens.remove(token);
    }

    /** eMSP-initiated POST succeeded: token A is spent. False if someone registered meanwhile. */
    synchronized boolean registerAsReceiver(String peerToken, String issuedToken, EmspPeer newPeer) {
        if (isRegistered()) {
            return false;
        }
        tokenForEmsp = peerToken;
        tokenIssuedToEmsp = issuedToken;
        peer = newPeer;
        tokenA = null;
        return true;
    }

    /** Credentials PUT from the eMSP succeeded. False if the caller's token was revoked meanwhile. */
    synchronized boolean updateAsReceiver(String callerToken, String peerToken, String issuedToken,
                                          EmspPeer newPeer) {
        if (!isRegistered() || !callerToken.equals(tokenIssuedToEmsp)) {
            return false;
        }
        tokenForEmsp = peerToken;
        tokenIssuedToEmsp = issuedToken;
        peer = newPeer;
        return true;
    }

    /** Credentials DELETE from the eMSP. False if the caller is not (any more) the registered peer. */
    synchronized boolean unregisterAsReceiver(String callerToken) {
        if (!isRegistered() || !callerToken.equals(tokenIssuedToEmsp)) {
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
    }

    /** CPO-initiated PUT succeeded: the old issued token dies, the pending one replaces it. */
    synchronized void rotateAsSender(String issuedToken, String peerToken, List<Map<String, Object>> roles) {
        pendingTokens.remove(issuedToken);
        tokenIssuedToEmsp = issuedToken;
        tokenForEmsp = peerToken;
        if (peer != null && roles != null) {
            peer = peer.withRoles(roles);
        }
    }

    /** Drops every registration token; token A is left alone (it is managed by issueTokenA). */
    synchronized void forget() {
        tokenIssuedToEmsp = null;
        tokenForEmsp = null;
        peer = null;
        pendingTokens.clear();
    }
}
