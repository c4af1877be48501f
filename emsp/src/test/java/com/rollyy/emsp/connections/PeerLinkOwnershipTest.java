package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.OcpiPeer;

/** Which parties' objects a pull may store from a link: a direct peer's roles, or what a hub reports. */
class PeerLinkOwnershipTest {

    private static final OcpiParty HUB = new OcpiParty("DE", "HUB", "HUB");

    private static PeerLink hub(boolean checksClientInfo, Map<String, ClientInfo.Status> clients) {
        return new PeerLink(UUID.randomUUID(), "hub", List.of(HUB), OcpiPeer.withToken("t", false), List.of(),
                new PeerLink.HubRoute("testhub", HUB, HubsProperties.ToHeaderPolicy.TARGET_PARTY, checksClientInfo,
                        clients, java.util.Set.of()));
    }

    @Test
    void aDirectPeerOwnsOnlyItsRoles() {
        var direct = new PeerLink(UUID.randomUUID(), "cpo", List.of(new OcpiParty("NL", "SIM", "CPO")),
                OcpiPeer.withToken("t", false), List.of());
        assertThat(direct.owns("nl", "sim")).isTrue();
        assertThat(direct.owns("BE", "CP2")).isFalse();
    }

    @Test
    void overAHubObjectsBelongToThePartiesItReports() {
        var reporting = hub(true, Map.of("NL/CP1", ClientInfo.Status.CONNECTED, "BE/CP2", ClientInfo.Status.OFFLINE,
                "FR/CP3", ClientInfo.Status.SUSPENDED));
        assertThat(reporting.owns("NL", "CP1")).isTrue();
        assertThat(reporting.owns("be", "cp2")).as("offline parties' objects are still theirs").isTrue();
        assertThat(reporting.owns("FR", "CP3")).as("suspended").isFalse();
        assertThat(reporting.owns("IT", "CP4")).as("never reported").isFalse();
        assertThat(hub(false, Map.of()).owns("IT", "CP4")).as("a hub without HubClientInfo vouches for none: all")
                .isTrue();
        assertThat(hub(false, Map.of("FR/CP3", ClientInfo.Status.SUSPENDED)).owns("FR", "CP3"))
                .as("a party it did report SUSPENDED, even without HubClientInfo checks").isFalse();
        var withDirectPeer = new PeerLink(UUID.randomUUID(), "hub", List.of(HUB), OcpiPeer.withToken("t", false),
                List.of(), new PeerLink.HubRoute("testhub", HUB, HubsProperties.ToHeaderPolicy.TARGET_PARTY, false,
                        Map.of(), java.util.Set.of("NL/SIM", "NL/RYY")));
        assertThat(withDirectPeer.owns("NL", "SIM")).as("a direct CPO's party").isFalse();
        assertThat(withDirectPeer.owns("NL", "RYY")).as("ours").isFalse();
    }
}
