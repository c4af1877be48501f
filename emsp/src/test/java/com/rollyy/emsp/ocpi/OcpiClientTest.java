package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.VersionsFailure;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** The outbound client against the simulator: headers it sends and how each failure is reported. */
class OcpiClientTest extends EmspIntegrationTest {

    @Autowired
    OcpiClient client;

    @Test
    void sendsTokenIdsAndRoutingHeaders() {
        var routing = OcpiRoutingHeaders.between(new OcpiParty("NL", "RYY", "EMSP"), new OcpiParty("NL", "SIM", "CPO"));
        var result = client.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false).routedAs(routing),
                JsonNode.class);

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.data().isArray()).isTrue();
        var request = cpo.requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo(TestHttp.tokenHeader(cpo.tokenA()));
        assertThat(request.header("X-Request-ID")).isNotBlank();
        assertThat(request.header("X-Correlation-ID")).isNotBlank();
        assertThat(request.header("OCPI-from-country-code")).isEqualTo("NL");
        assertThat(request.header("OCPI-from-party-id")).isEqualTo("RYY");
        assertThat(request.header("OCPI-to-party-id")).isEqualTo("SIM");
    }

    @Test
    void everyRequestGetsAFreshRequestId() {
        client.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false), JsonNode.class);
        client.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false), JsonNode.class);
        List<String> ids = cpo.requests().stream().map(r -> r.header("X-Request-ID")).toList();
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    }

    @Autowired
    org.springframework.web.client.RestClient.Builder restClientBuilder;

    @Autowired
    tools.jackson.databind.ObjectMapper objectMapper;

    @Autowired
    com.rollyy.emsp.config.RollyyProperties properties;

    @Autowired
    PeerCircuits circuits;

    @Test
    void aPeerOnOurOwnNetworkIsNotCalledUnlessTheOperatorAllowsIt() {
        var p = properties;
        var o = p.ocpi();
        var production = new com.rollyy.emsp.config.RollyyProperties(p.publicUrl(), p.apiKey(), p.apiKeys(),
                p.countryCode(), p.partyId(), p.businessName(), p.businessWebsite(), p.secretKey(), p.dataDir(),
                p.invitationTtl(), new com.rollyy.emsp.config.RollyyProperties.Ocpi(o.connectTimeout(),
                o.readTimeout(), o.maxPageLimit(), o.clientMaxPageSize(), o.clientMaxResponseBytes(), false, o.versions()));
        var strict = new OcpiClient(restClientBuilder, objectMapper, production, circuits);
        cpo.clearRequests();

        assertKind(() -> strict.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false), JsonNode.class),
                OcpiClientException.Kind.UNREACHABLE);
        assertThat(cpo.requests()).as("nothing was sent").isEmpty();
        assertThat(client.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false), JsonNode.class))
                .as("allowed in the tests' configuration").isNotNull();
    }

    @Test
    void reportsAnUnreachablePeer() {
        String url = cpo.versionsUrl();
        cpo.close();
        assertKind(() -> client.get(url, null, JsonNode.class), OcpiClientException.Kind.UNREACHABLE);
        assertKind(() -> client.get("not a url", null, JsonNode.class), OcpiClientException.Kind.UNREACHABLE);
    }

    @Test
    void reportsAnAnswerThatIsNotJson() {
        cpo.knobs().setVersionsFailure(VersionsFailure.NOT_JSON);
        assertKind(() -> client.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false), JsonNode.class),
                OcpiClientException.Kind.NOT_JSON);
    }

    @Test
    void reportsAPeerThatDropsTheConnection() {
        cpo.knobs().setVersionsFailure(VersionsFailure.CLOSE_CONNECTION);
        assertKind(() -> client.get(cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false), JsonNode.class),
                OcpiClientException.Kind.UNREACHABLE);
    }

    @Test
    void reportsARejectionWithTheStatusTheyGave() {
        var result = client.get(cpo.versionsUrl(), OcpiPeer.withToken("wrong", false), JsonNode.class);
        assertThat(result.httpStatus()).isEqualTo(401);
        assertThatThrownBy(result::requireSuccess).isInstanceOf(OcpiClientException.class)
                .hasMessageContaining("HTTP 401").hasMessageNotContaining("wrong");
    }

    @Test
    void reportsASlowPeerAsUnreachable() {
        cpo.knobs().setLatencyMillis(7_000); // the test profile's read timeout is 5 s
        long started = System.nanoTime();
        assertKind(() -> client.send(HttpMethod.GET, cpo.versionsUrl(), OcpiPeer.withToken(cpo.tokenA(), false),
                null, JsonNode.class), OcpiClientException.Kind.UNREACHABLE);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(6_900);
        cpo.knobs().setLatencyMillis(0);
    }

    private static void assertKind(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                   OcpiClientException.Kind kind) {
        assertThatThrownBy(call).isInstanceOf(OcpiClientException.class)
                .extracting(e -> ((OcpiClientException) e).kind()).isEqualTo(kind);
    }
}
