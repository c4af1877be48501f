package com.rollyy.emsp.connections;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.api.ApiException;

/**
 * Roaming hubs for any client (the product API's {@code /v1/roaming/*} and the console): connect to
 * a configured hub in one call, and read the parties a hub reports by HubClientInfo.
 */
@Service
public class RoamingHubs {

    private static final Logger log = LoggerFactory.getLogger(RoamingHubs.class);

    private final HandshakeService handshake;
    private final ConnectionRepository repository;
    private final HubClientInfoRepository clientInfos;
    private final HubsProperties hubs;
    private final TransactionTemplate tx;

    RoamingHubs(HandshakeService handshake, ConnectionRepository repository, HubClientInfoRepository clientInfos,
                HubsProperties hubs, TransactionTemplate tx) {
        this.handshake = handshake;
        this.repository = repository;
        this.clientInfos = clientInfos;
        this.hubs = hubs;
        this.tx = tx;
    }

    /**
     * What connecting did: {@code connected} (INITIATE: the handshake ran, {@code connection} is
     * set) or {@code awaiting_hub} (AWAIT: an invitation whose token A goes to the hub).
     */
    public record Connected(String status, String hub, String environment, Connection connection,
                            HandshakeService.Invitation invitation) {
    }

    /**
     * {@code POST /v1/roaming/connect?hub=}: the handshake of {@code POST /ocpi/register} with the
     * hub's configured versions URL and token A, or an invitation when the hub registers with us.
     *
     * @throws ApiException 400 {@code unknown_hub} / {@code hub_not_configured} naming each missing
     *                      key, or the handshake's own errors
     */
    public Connected connect(String hub) {
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
            return new Connected("awaiting_hub", s.name(), environment, null, invitation);
        }
        Connection c = handshake.register(name, s.versionsUrl().strip(), s.token().strip(), s.rawToken());
        tx.executeWithoutResult(t -> repository.setHub(c.id(), s.name()));
        if (c.roles().stream().noneMatch(r -> r.role() == CredentialsRole.Role.HUB)) {
            log.warn("Hub {} (connection {}) did not present role HUB in its credentials: {}", s.name(), c.id(),
                    c.roles().stream().map(r -> r.role().name()).toList());
        }
        return new Connected("connected", s.name(), environment, repository.find(c.id()).orElse(c), null);
    }

    /** The parties a hub connection reported by HubClientInfo, by country code and party id. */
    public List<ClientInfo> parties(UUID hubConnectionId) {
        return clientInfos.all(hubConnectionId);
    }

    /**
     * One configured or built-in hub as an operator sees it: its settings, and why it cannot be
     * connected yet ({@code missing}: null when it can).
     */
    public record HubView(String name, String environment, String registrationMode, String party,
                          String missing) {
    }

    /** Every hub that is built in or configured (a handful), in {@link HubsProperties#knownNames()} order. */
    public List<HubView> hubs() {
        return hubs.knownNames().stream().map(n -> {
            var s = hubs.settings(n);
            String missing = null;
            try {
                hubs.resolve(n);
            } catch (HubsProperties.HubConfigException e) {
                missing = e.getMessage();
            }
            return new HubView(s.name(), s.environment().name().toLowerCase(Locale.ROOT),
                    s.registrationMode().name().toLowerCase(Locale.ROOT),
                    s.countryCode() == null ? null : s.countryCode() + "/" + s.partyId(), missing);
        }).toList();
    }

    static String displayName(HubsProperties.HubSettings s) {
        String n = s.name().substring(0, 1).toUpperCase(Locale.ROOT) + s.name().substring(1);
        return n + " (" + s.environment().name().toLowerCase(Locale.ROOT) + ")";
    }
}
