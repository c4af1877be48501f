package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.support.EmspIntegrationTest;

/** GET /v1/payments?connection_id=: the payments of one CPO connection's CDRs, newest first. */
class PaymentsByConnectionTest extends EmspIntegrationTest {

    @Autowired
    PaymentService payments;

    private void held(String cdrId, UUID connectionId) {
        payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", cdrId), connectionId, new BigDecimal("2.00"), "EUR",
                null, null, false, null, false, null, true));
    }

    private static ArrayList<String> cdrIds(JsonNode list) {
        var ids = new ArrayList<String>();
        list.forEach(p -> ids.add(p.get("cdr").get("id").asString()));
        return ids;
    }

    @Test
    void onlyThatConnectionsPaymentsNewestFirstAndCombinedWithTheOtherFilters() {
        UUID mine = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        held("A-1", mine);
        held("B-1", other);
        held("A-2", mine);
        held("N-1", null);

        var answer = api("GET", "/v1/payments?connection_id=" + mine).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(cdrIds(answer.json())).containsExactly("A-2", "A-1");
        assertThat(cdrIds(api("GET", "/v1/payments?connection_id=" + mine + "&limit=1").send().json()))
                .containsExactly("A-2");
        assertThat(cdrIds(api("GET", "/v1/payments?connection_id=" + other + "&status=HELD").send().json()))
                .containsExactly("B-1");
        assertThat(api("GET", "/v1/payments?connection_id=" + other + "&status=SUCCEEDED").send().json()).isEmpty();
        assertThat(api("GET", "/v1/payments?connection_id=" + UUID.randomUUID()).send().json()).isEmpty();
        assertThat(api("GET", "/v1/payments").send().json()).as("no filter: all").hasSize(4);
    }

    @Test
    void aConnectionIdThatIsNoUuidIsA400NamingTheParameter() {
        var bad = api("GET", "/v1/payments?connection_id=not-a-uuid").send();
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("error").asString()).isEqualTo("invalid_request");
        assertThat(bad.json().get("message").asString()).contains("'connection_id'", "not-a-uuid");
    }
}
