package com.rollyy.emsp.connections;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Product API (X-API-Key) for roaming hubs: connect to a configured hub in one call, and see
 * every connection, hub or direct, with the parties a hub reports.
 */
@RestController
class RoamingController {

    private final RoamingHubs roaming;
    private final ConnectionRepository repository;
    private final HubClientInfoRepository clientInfos;

    RoamingController(RoamingHubs roaming, ConnectionRepository repository, HubClientInfoRepository clientInfos) {
        this.roaming = roaming;
        this.repository = repository;
        this.clientInfos = clientInfos;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConnectResponse(String status, String hub, String environment, UUID connectionId, List<String> modules,
                           String token, String versionsUrl, Instant expiresAt, String message) {
    }

    @PostMapping("/v1/roaming/connect")
    ResponseEntity<ConnectResponse> connect(@RequestParam(required = false) String hub) {
        RoamingHubs.Connected c = roaming.connect(hub);
        if (c.invitation() != null) {
            var invitation = c.invitation();
            return ResponseEntity.status(HttpStatus.CREATED).body(new ConnectResponse(c.status(), c.hub(),
                    c.environment(), invitation.connectionId(), null, invitation.token(), invitation.versionsUrl(),
                    invitation.expiresAt(), "Give " + c.hub() + " this token A and versions URL; the hub registers"
                    + " with us (POST credentials)"));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(new ConnectResponse(c.status(), c.hub(),
                c.environment(), c.connection().id(), ConnectionsApiController.modulesUsed(c.connection()), null, null,
                null, null));
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
}
