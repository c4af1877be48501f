package com.rollyy.emsp.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.BodyErrors;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiVersion;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiException;
import com.rollyy.emsp.ocpi.OcpiPeer;
import com.rollyy.emsp.ocpi.OcpiStatus;
import com.rollyy.emsp.ocpi.OwnedDocuments;
import com.rollyy.emsp.ocpi.PublicUrl;
import com.rollyy.emsp.ocpi.types.BusinessDetails;

/**
 * The OCPI credentials handshake in both directions, token rotation and unregistration.
 *
 * <p>Naming, after ocpi-toolkit: the <em>peer token</em> is the one the peer gave us (we send
 * it), <em>our token</em> is the one we issued (we accept it, and keep only its hash). Remote
 * calls happen outside transactions; the state change that follows is one short transaction
 * on the locked connection row, so two racing handshakes cannot both win.
 */
@Service
public class HandshakeService {

    private static final Logger log = LoggerFactory.getLogger(HandshakeService.class);
    private static final String UNNAMED = "(unnamed invitation)";

    private final ConnectionRepository repository;
    private final PeerDiscovery discovery;
    private final OcpiClient client;
    private final PublicUrl publicUrl;
    private final RollyyProperties properties;
    private final TransactionTemplate tx;
    private final Validator validator;

    private final org.springframework.context.ApplicationEventPublisher events;
    private final OwnedDocuments documents;

    HandshakeService(ConnectionRepository repository, PeerDiscovery discovery, OcpiClient client,
                     PublicUrl publicUrl, RollyyProperties properties, TransactionTemplate tx, Validator validator,
                     org.springframework.context.ApplicationEventPublisher events, OwnedDocuments documents) {
        this.events = events;
        this.documents = documents;
        this.repository = repository;
        this.discovery = discovery;
        this.client = client;
        this.publicUrl = publicUrl;
        this.properties = properties;
        this.tx = tx;
        this.validator = validator;
    }

    public record Invitation(UUID connectionId, String token, String versionsUrl, Instant expiresAt) {
    }

    // ---- the CPO initiates: we hand out token A and are the credentials receiver ----

    public Invitation invite(String cpoName, boolean rawTokenAuth) {
        UUID id = UUID.randomUUID();
        String tokenA = Tokens.generate();
        Instant expiresAt = Instant.now().plus(properties.invitationTtl());
        tx.executeWithoutResult(s -> {
            repository.insert(id, blank(cpoName) ? UNNAMED : cpoName.strip(), ConnectionStatus.INVITED,
                    Connection.Initiator.CPO, null, rawTokenAuth);
            repository.insertToken(tokenA, id, ConnectionRepository.TokenKind.REGISTRATION, expiresAt);
        });
        log.info("Invitation created for connection {}", id);
        return new Invitation(id, tokenA, publicUrl.versionsUrl(), expiresAt);
    }

    /**
     * POST credentials: the peer registers with the token A we gave it, on {@code version}.
     * {@code sentRaw}: the peer authenticated with its token raw, so it gets ours raw too.
     */
    Credentials acceptRegistration(OcpiCaller caller, Credentials theirs, OcpiVersion version, boolean sentRaw) {
        if (caller.registered() || !isInvited(caller.connectionId())) {
            throw OcpiException.methodNotAllowed("Already registered: use PUT to update credentials");
        }
        String ourToken = receiveCredentials(caller, theirs, version, ConnectionStatus.INVITED,
                "Already registered: use PUT to update credentials", sentRaw);
        log.info("Connection {} registered by the peer ({})", caller.connectionId(), parties(theirs));
        events.publishEvent(new ConnectionActivated(caller.connectionId()));
        return ourCredentials(ourToken);
    }

    /** PUT credentials: the registered peer updates its details (and its version) and gets a new token from us. */
    Credentials updateRegistration(OcpiCaller caller, Credentials theirs, OcpiVersion version, boolean sentRaw) {
        if (!caller.registered()) {
            throw OcpiException.methodNotAllowed("Not registered: use POST to register");
        }
        String ourToken = receiveCredentials(caller, theirs, version, ConnectionStatus.ACTIVE,
                "Not registered: use POST to register", sentRaw);
        log.info("Connection {} updated its credentials; our token for it was rotated", caller.connectionId());
        return ourCredentials(ourToken);
    }

    /**
     * The receiver's side of POST and PUT: check the peer's endpoints with the token it sent,
     * then, if the connection is still in {@code expected} state, store what it sent and make a
     * new token ours, revoking every earlier one (token A included). Returns the new token.
     */
    private String receiveCredentials(OcpiCaller caller, Credentials theirs, OcpiVersion version,
                                      ConnectionStatus expected, String wrongState, boolean sentRaw) {
        Connection connection = repository.find(caller.connectionId()).orElseThrow();
        boolean raw = connection.rawTokenAuth();
        if (sentRaw && !raw) {
            // quirk token_encoding: a peer that sends its token raw expects ours raw as well
            raw = true;
            repository.setRawTokenAuth(connection.id(), true);
            log.warn("Connection {} authenticated with a raw token (not base64): its token is sent raw from now on"
                    + " (quirks.token_encoding=raw)", connection.id());
        }
        var peer = discoverForReceiver(theirs, raw, connection, version);
        String ourToken = Tokens.generate();
        tx.executeWithoutResult(s -> {
            Connection locked = repository.lock(caller.connectionId()).orElseThrow();
            if (locked.status() != expected) {
                throw OcpiException.methodNotAllowed(wrongState);
            }
            repository.saveRegistration(locked.id(), nameFor(locked, theirs), peer.versionsUrl(), peer.version(),
                    peer.endpoints(), theirs.roles(), theirs.token());
            repository.insertToken(ourToken, locked.id(), ConnectionRepository.TokenKind.CREDENTIALS, null);
            repository.revokeTokensExcept(locked.id(), ourToken);
            adoptRetired(locked.id(), theirs.roles());
        });
        if (expected == ConnectionStatus.INVITED) {
            warnOfTwins(caller.connectionId(), peer.versionsUrl(), theirs.roles());
        }
        return ourToken;
    }

    /** DELETE credentials: the peer unregisters. */
    void unregisteredByPeer(OcpiCaller caller) {
        if (!caller.registered()) {
            throw OcpiException.methodNotAllowed("Not registered");
        }
        tx.executeWithoutResult(s -> retire(caller.connectionId()));
        log.info("Connection {} unregistered by the peer", caller.connectionId());
    }

    /** GET credentials: ours for this peer; the token is the one it authenticated with. */
    Credentials currentCredentials(OcpiCaller caller) {
        return ourCredentials(caller.presentedToken());
    }

    // ---- we initiate: the CPO gave us token A; we are the credentials sender ----

    /**
     * We register with the CPO at {@code versionsUrl}. Refused with 409 while any connection to
     * that URL is active (CPOs registering through invitations may have made several; each is
     * named): rotate or unregister those instead.
     */
    public Connection register(String cpoName, String versionsUrl, String tokenA, boolean rawTokenAuth) {
        List<Connection> existing = repository.findActiveByVersionsUrl(versionsUrl);
        if (!existing.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "already_registered", (existing.size() == 1
                    ? "An active connection to " + versionsUrl + " exists already: "
                    : existing.size() + " active connections to " + versionsUrl + " exist already: ")
                    + existing.stream().map(c -> c.id() + " (" + c.cpoName() + ", party " + c.countryCode() + "/"
                    + c.partyId() + ")").collect(Collectors.joining(", "))
                    + ". Rotate its credentials (POST /ocpi/connections/{id}/rotate) or unregister it"
                    + " (DELETE /ocpi/connections/{id}) before registering again");
        }
        UUID id = UUID.randomUUID();
        OcpiPeer offered = OcpiPeer.withToken(tokenA, rawTokenAuth).forConnection(id);
        Discovered discovered = discoverForSender(versionsUrl, offered);
        PeerDiscovery.PeerVersion peer = discovered.version();
        OcpiPeer withTokenA = offered.encoded(discovered.raw());
        boolean raw = discovered.raw();

        String ourToken = Tokens.generate();
        // The CPO calls our versions and details back with this token while our POST is in flight.
        tx.executeWithoutResult(s -> {
            repository.insert(id, cpoName, ConnectionStatus.REGISTERING, Connection.Initiator.EMSP, versionsUrl,
                    raw);
            repository.insertToken(ourToken, id, ConnectionRepository.TokenKind.CREDENTIALS, null);
        });
        try {
            Credentials theirs = exchangeCredentials(HttpMethod.POST, peer, withTokenA, ourToken);
            tx.executeWithoutResult(s -> {
                repository.saveRegistration(id, cpoName, versionsUrl, peer.version(), peer.endpoints(),
                        theirs.roles(), theirs.token());
                adoptRetired(id, theirs.roles());
            });
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> repository.delete(id));
            throw e;
        }
        log.info("Registered with {} as connection {}", versionsUrl, id);
        events.publishEvent(new ConnectionActivated(id));
        return repository.find(id).orElseThrow();
    }

    /** Rotates our token for the peer by a credentials PUT; the peer answers with a new token for us. */
    public Connection rotate(UUID id) {
        Connection connection = activeConnection(id);
        Discovered discovered = discoverForSender(connection.versionsUrl(), peerOf(connection));
        PeerDiscovery.PeerVersion peer = discovered.version();
        if (discovered.raw() && !connection.rawTokenAuth()) {
            repository.setRawTokenAuth(id, true);
        }
        OcpiPeer auth = peerOf(connection).encoded(discovered.raw());
        String ourToken = Tokens.generate();
        tx.executeWithoutResult(s ->
                repository.insertToken(ourToken, id, ConnectionRepository.TokenKind.CREDENTIALS, null));
        try {
            Credentials theirs = exchangeCredentials(HttpMethod.PUT, peer, auth, ourToken);
            tx.executeWithoutResult(s -> {
                repository.saveRegistration(id, connection.cpoName(), connection.versionsUrl(), peer.version(),
                        peer.endpoints(), theirs.roles(), theirs.token());
                repository.revokeTokensExcept(id, ourToken);
                adoptRetired(id, theirs.roles());
            });
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> repository.revokeToken(ourToken));
            throw e;
        }
        log.info("Rotated credentials with connection {}", id);
        return repository.find(id).orElseThrow();
    }

    /** Unregisters at the peer by a credentials DELETE; {@code force} unregisters locally even if that fails. */
    public Connection unregister(UUID id, boolean force) {
        Connection connection = activeConnection(id);
        try {
            String url = credentialsUrl(connection.endpoints());
            client.send(HttpMethod.DELETE, url, peerOf(connection).forModule("credentials"), null, Void.class).requireSuccess();
        } catch (OcpiClientException | ApiException e) {
            if (!force) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "cpo_refused",
                        "The CPO did not accept the unregistration (" + e.getMessage()
                                + "); retry, or pass force=true to unregister on our side only");
            }
            log.warn("Unregistering connection {} locally although the peer did not confirm: {}", id, e.getMessage());
        }
        tx.executeWithoutResult(s -> retire(id));
        return repository.find(id).orElseThrow();
    }

    /** Stores the connection's quirk profile (the token encoding is {@link #setRawTokenAuth}). */
    public Connection setQuirks(UUID id, com.rollyy.emsp.ocpi.PartnerQuirks quirks) {
        repository.find(id).orElseThrow(() -> ApiException.notFound("No connection " + id));
        repository.setQuirks(id, quirks);
        log.info("Connection {} quirk profile set: {}", id, quirks);
        return repository.find(id).orElseThrow();
    }

    public Connection setRawTokenAuth(UUID id, boolean raw) {
        repository.find(id).orElseThrow(() -> ApiException.notFound("No connection " + id));
        repository.setRawTokenAuth(id, raw);
        return repository.find(id).orElseThrow();
    }

    public List<Connection> connections() {
        return repository.findVisible();
    }

    public Connection connection(UUID id) {
        return repository.find(id).filter(c -> c.status() != ConnectionStatus.REGISTERING)
                .orElseThrow(() -> ApiException.notFound("No connection " + id));
    }

    /** A registration we started and never finished (the process stopped mid-handshake) is removed. */
    @EventListener(ApplicationReadyEvent.class)
    void removeStaleRegistrations() {
        int removed = repository.deleteStaleRegistrations(Instant.now().minus(Duration.ofMinutes(10)));
        if (removed > 0) {
            log.warn("Removed {} registration(s) left unfinished by an earlier run", removed);
        }
    }

    // ---- shared steps ----

    /**
     * Re-onboarding: a connection that registers with a party takes over that party's Locations,
     * Tariffs and Sessions from connections that are no longer registered (a CPO that lost its
     * state and registered again), in the handshake's transaction. Objects of a party another
     * active connection owns are never taken.
     */
    private void adoptRetired(UUID id, List<CredentialsRole> roles) {
        for (CredentialsRole role : roles) {
            List<UUID> retired = repository.retiredOfParty(id, role.countryCode(), role.partyId());
            var moved = documents.adopt(retired, id, role.countryCode(), role.partyId());
            if (moved.values().stream().anyMatch(n -> n > 0)) {
                log.info("Connection {} took over party {}/{} from unregistered connection(s) {}: {}", id,
                        role.countryCode(), role.partyId(), retired, moved);
            }
        }
    }

    /**
     * Unregisters a connection. Its objects are retired: the product no longer lists or starts its
     * EVSEs (they are read by connection status). When another active connection has registered
     * with one of its parties (the CPO registered again before the old connection was removed),
     * that party's objects move to it now, as they would at its handshake.
     */
    private void retire(UUID id) {
        Connection retired = repository.lock(id).orElseThrow();
        repository.markUnregistered(id);
        for (CredentialsRole role : retired.roles()) {
            List<Connection> heirs = repository.activeOfParty(id, role.countryCode(), role.partyId());
            if (heirs.size() == 1) {
                var moved = documents.adopt(List.of(id), heirs.get(0).id(), role.countryCode(), role.partyId());
                log.info("Party {}/{} of unregistered connection {} moved to active connection {}: {}",
                        role.countryCode(), role.partyId(), id, heirs.get(0).id(), moved);
            } else if (heirs.size() > 1) {
                log.warn("Party {}/{} of unregistered connection {} stays retired: {} active connections have it ({})",
                        role.countryCode(), role.partyId(), id, heirs.size(), heirs.stream().map(Connection::id).toList());
            }
        }
    }

    /** Accepted, but worth an operator's look: another active connection has the same URL or party. */
    private void warnOfTwins(UUID id, String versionsUrl, List<CredentialsRole> roles) {
        var sameUrl = repository.findActiveByVersionsUrl(versionsUrl).stream().map(Connection::id)
                .filter(other -> !other.equals(id)).toList();
        if (!sameUrl.isEmpty()) {
            log.warn("Connection {} registered with versions URL {}, as did active connection(s) {}", id, versionsUrl,
                    sameUrl);
        }
        for (CredentialsRole role : roles) {
            var sameParty = repository.activeOfParty(id, role.countryCode(), role.partyId()).stream()
                    .map(Connection::id).toList();
            if (!sameParty.isEmpty()) {
                log.warn("Connection {} registered party {}/{}, which active connection(s) {} also have: their"
                        + " objects stay theirs until they are unregistered", id, role.countryCode(), role.partyId(),
                        sameParty);
            }
        }
    }

    private Credentials exchangeCredentials(HttpMethod method, PeerDiscovery.PeerVersion peer, OcpiPeer auth,
                                            String ourToken) {
        Credentials theirs;
        try {
            theirs = client.send(method, credentialsUrl(peer.endpoints()), auth.forModule("credentials")
                            .speaking(OcpiVersion.of(peer.version()).orElse(null)), ourCredentials(ourToken),
                    Credentials.class).requireSuccess();
        } catch (OcpiClientException e) {
            String code = e.kind() == OcpiClientException.Kind.REJECTED ? "credentials_rejected" : "cpo_unreachable";
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code,
                    "The CPO's credentials endpoint did not accept our credentials: " + e.getMessage());
        }
        if (theirs == null) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "credentials_rejected",
                    "The CPO accepted our credentials but sent none of its own");
        }
        Set<ConstraintViolation<Credentials>> violations = validator.validate(theirs);
        if (!violations.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "credentials_rejected",
                    "The CPO answered with invalid credentials: " + describe(violations));
        }
        return theirs;
    }

    /** What discovery found, and whether the peer took our token only raw. */
    private record Discovered(PeerDiscovery.PeerVersion version, boolean raw) {
    }

    /**
     * Discovery with the token the peer gave us. A versions endpoint that refuses it base64-encoded
     * (HTTP 401 or OCPI 2xxx on the first step) is tried once more with the token raw: when that
     * works, the connection sends its token raw (quirk token_encoding), and this is logged.
     */
    private Discovered discoverForSender(String versionsUrl, OcpiPeer peer) {
        try {
            return new Discovered(discovery.discover(versionsUrl, peer), peer.rawToken());
        } catch (PeerDiscovery.DiscoveryException e) {
            if (!peer.rawToken() && refusedToken(e)) {
                try {
                    var found = discovery.discover(versionsUrl, peer.encoded(true));
                    log.warn("{} refused our token base64-encoded and accepted it raw: connection {} sends its token"
                            + " raw (quirks.token_encoding=raw)", versionsUrl, peer.connection());
                    return new Discovered(found, true);
                } catch (PeerDiscovery.DiscoveryException stillRefused) {
                    // the first answer says best what went wrong
                }
            }
            throw discoveryFailed(e);
        }
    }

    private static boolean refusedToken(PeerDiscovery.DiscoveryException e) {
        return e.getCause() instanceof OcpiClientException refused
                && refused.kind() == OcpiClientException.Kind.REJECTED
                && (Integer.valueOf(401).equals(refused.httpStatus()) || Integer.valueOf(403).equals(refused.httpStatus()));
    }

    private static ApiException discoveryFailed(PeerDiscovery.DiscoveryException e) {
        String code = switch (e.kind()) {
            case UNREACHABLE -> "cpo_unreachable";
            case NO_MUTUAL_VERSION -> "no_mutual_version";
            case MISSING_ENDPOINTS -> "missing_endpoints";
        };
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, e.getMessage());
    }

    private PeerDiscovery.PeerVersion discoverForReceiver(Credentials theirs, boolean rawTokenAuth, Connection connection,
                                                          OcpiVersion version) {
        try {
            return discovery.discover(theirs.url(), OcpiPeer.withToken(theirs.token(), rawTokenAuth)
                    .forConnection(connection.id()).withQuirks(connection.quirks(), theirs.url()), version);
        } catch (PeerDiscovery.DiscoveryException e) {
            OcpiStatus status = switch (e.kind()) {
                case UNREACHABLE -> OcpiStatus.CLIENT_API_UNUSABLE;
                case NO_MUTUAL_VERSION -> OcpiStatus.UNSUPPORTED_VERSION;
                case MISSING_ENDPOINTS -> OcpiStatus.NO_MATCHING_ENDPOINTS;
            };
            throw OcpiException.serverError(status, e.getMessage());
        }
    }

    private Credentials ourCredentials(String token) {
        var business = new BusinessDetails(properties.businessName(), properties.businessWebsite(), null);
        return new Credentials(token, publicUrl.versionsUrl(), List.of(new CredentialsRole(
                CredentialsRole.Role.EMSP, business, properties.partyId(), properties.countryCode())));
    }

    private Connection activeConnection(UUID id) {
        Connection connection = connection(id);
        if (connection.status() != ConnectionStatus.ACTIVE || connection.peerToken() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "not_active",
                    "Connection " + id + " is " + connection.status().name().toLowerCase());
        }
        return connection;
    }

    private static OcpiPeer peerOf(Connection connection) {
        return OcpiPeer.withToken(connection.peerToken(), connection.rawTokenAuth()).forConnection(connection.id())
                .speaking(OcpiVersion.of(connection.version()).orElse(null))
                .withQuirks(connection.quirks(), connection.versionsUrl());
    }

    private static String credentialsUrl(List<VersionInfo.Endpoint> endpoints) {
        return endpoints.stream().filter(e -> "credentials".equals(e.identifier())).map(VersionInfo.Endpoint::url)
                .findFirst().orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                        "missing_endpoints", "The CPO has no credentials endpoint"));
    }

    private boolean isInvited(UUID id) {
        return repository.find(id).map(c -> c.status() == ConnectionStatus.INVITED).orElse(false);
    }

    private static String nameFor(Connection connection, Credentials theirs) {
        if (!UNNAMED.equals(connection.cpoName())) {
            return connection.cpoName();
        }
        return theirs.roles().get(0).businessDetails().name();
    }

    private static String parties(Credentials credentials) {
        return credentials.roles().stream().map(r -> r.role() + " " + r.countryCode() + "/" + r.partyId())
                .collect(Collectors.joining(", "));
    }

    private static String describe(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> "'" + BodyErrors.snakeCase(v.getPropertyPath().toString()) + "' " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
