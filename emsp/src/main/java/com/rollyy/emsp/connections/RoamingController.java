package com.rollyy.emsp.connections;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;

/**
 * Product API (X-API-Key) for roaming hubs: connect to a configured hub in one call, and see
 * every connection, hub or direct, with the parties a hub reports.
 */
@RestController
class RoamingController {

    private static final Logger log = LoggerFactory.getLogger(RoamingController.class);

    private final HandshakeService handshake;
    private final ConnectionRepository repository;
    private final HubClientInfoRepository clientInfos;
    private final HubsProperties hubs;
    private final TransactionTemplate tx;

    RoamingController(HandshakeService handshake, ConnectionRepository repository,
                      HubClientInfoRepository clientInfos, HubsProperties hubs, TransactionTemplate tx) {
        this.handshake = handshake;
        this.repository = repository;
        this.clientInfos = clientInfos;
        this.hubs = hubs;
        this.tx = tx;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConnectResponse(String status, String hub, String environment, UUID connectionId, List<String> modules,
                           String token, String versionsUrl, Instant expiresAt, String message) {
    }

    @PostMapping("/v1/roaming/connect")
    ResponseEntity<ConnectResponse> connect(@RequestParam(required = false) String hub) {
        HubsProperties.HubSettings s;
        try {
            s = hubs.resolve(hub);
        } catch (HubsProperties.HubConfigException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
        String name = displayName(s);
        String environment = s.environment().name().toLowerCase(Locale.ROOT);
        if (s.registrationMode() == HubsProperties.RegistrationMode.AWAIT) {
            var invitation = handshake.invite(name, s.rawToken());
            tx.executeWithoutResult(t -> repository.setHub(invitation.connectionId(), s.name()));
            return ResponseEntity.status(HttpStatus.CREATED).body(new ConnectResponse("awaiting_hub", s.name(),
                    environment, invitation.connectionId(), null, invitation.token(), invitation.versionsUrl(),
                    invitation.expiresAt(), "Give " + s.name() + " this token A and versions URL; the hub registers"
                    + " with us (POST credentials)"));
        }
        Connection c = handshake.register(name, s.versionsUrl().strip(), s.token().strip(), s.rawToken());
        tx.executeWithoutResult(t -> repository.setHub(c.id(), s.name()));
        if (c.roles().stream().noneMatch(r -> r.role() == CredentialsRole.Role.HUB)) {
            log.warn("Hub {} (connection {}) did not present role HUB in its credentials: {}", s.name(), c.id(),
                    c.roles().stream().map(r -> r.role().name()).toList());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(new ConnectResponse("connected", s.name(), environment,
                c.id(), ConnectionsApiController.modulesUsed(c), null, null, null, null));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConnectionStatusView(UUID connectionId, String name, String type, String status, List<String> modules,
                                String hub, String countryCode, String partyId, List<ClientInfo> parties) {
    }

    record RoamingStatus(List<ConnectionStatusView> connections, long hubsConnected, long directConnected) {
    }

    @GetMapping("/v1/roaming/status")
    RoamingStatus status() {
        var views = repository.findVisible().stream().map(c -> new ConnectionStatusView(c.id(), c.cpoName(),
                c.isHub() ? "hub" : "direct", c.status().name().toLowerCase(Locale.ROOT),
                ConnectionsApiController.modulesUsed(c), c.isHub() ? (c.hub() == null ? c.cpoName() : c.hub()) : null,
                c.countryCode(), c.partyId(), c.isHub() ? clientInfos.all(c.id()) : null)).toList();
        long hubsConnected = views.stream().filter(v -> v.type().equals("hub") && v.status().equals("active")).count();
        long direct = views.stream().filter(v -> v.type().equals("direct") && v.status().equals("active")).count();
        return new RoamingStatus(views, hubsConnected, direct);
    }

    private static String displayName(HubsProperties.HubSettings s) {
        String n = s.name().substring(0, 1).toUpperCase(Locale.ROOT) + s.name().substring(1);
        return n + " (" + s.environment().name().toLowerCase(Locale.ROOT) + ")";
    }
}
