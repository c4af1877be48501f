package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CDRs stored before reconciliations were recorded (an upgraded database) get theirs recorded
 * once by the background backfill, so the console's Reconciliation page covers them.
 */
class ReconciliationBackfillTest extends EmspIntegrationTest {

    @Autowired
    ReconciliationBackfill backfill;

    @Autowired
    RecordedReconciliations recorded;

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
    }

    /** 20 kWh at the embedded tariff's 0.35 EUR/kWh: 7.00 is our price, {@code total} the CPO's. */
    private static String cdr(String id, String total, String priceComponents) {
        return """
                {"country_code":"NL","party_id":"SIM","id":"%s","start_date_time":"2026-03-02T10:00:00Z",
                 "end_date_time":"2026-03-02T11:00:00Z","session_id":"S-%s",
                 "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"APP_USER","contract_id":"NL-RYY-C1"},
                 "auth_method":"COMMAND","authorization_reference":"REF-%s",
                 "cdr_location":{"id":"LOC1","address":"Keizersgracht 1","city":"Amsterdam","country":"NLD",
                  "coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"E1","evse_id":"NL*SIM*E1",
                  "connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                  "connector_power_type":"AC_3_PHASE"},
                 "currency":"EUR",
                 "tariffs":[{"country_code":"NL","party_id":"SIM","id":"T-BACKFILL","currency":"EUR",
                  "elements":[{%s}],"last_updated":"2026-01-01T00:00:00Z"}],
                 "charging_periods":[{"start_date_time":"2026-03-02T10:00:00Z","tariff_id":"T-BACKFILL",
                  "dimensions":[{"type":"ENERGY","volume":20}]}],
                 "total_cost":{"excl_vat":%s},"total_energy":20,"total_time":1,
                 "last_updated":"2026-03-02T11:05:00Z"}""".formatted(id, id, id, priceComponents, total);
    }

    private static final String ENERGY = "\"price_components\":[{\"type\":\"ENERGY\",\"price\":0.35,\"step_size\":1}]";

    @Test
    void cdrsStoredBeforeReconciliationsWereRecordedGetTheirsOnce() {
        for (String body : new String[] {cdr("BF-AGREES", "7.00", ENERGY), cdr("BF-DIFFERS", "9.00", ENERGY),
                cdr("BF-ODD", "7.00", "")}) {
            var response = TestHttp.request("POST", url("/ocpi/2.2.1/cdrs")).token(token).json(body).send();
            assertThat(response.status()).as(body).isEqualTo(201);
        }
        assertThat(recorded.find(new ObjectKey("NL", "SIM", "BF-DIFFERS"))).as("recorded on arrival").isPresent();
        // as a database upgraded from before V26 holds them: stored earlier, nothing recorded
        jdbc.sql("delete from cdr_reconciliation where cdr_id like 'BF-%'").update();
        jdbc.sql("update cdr set created_at = now() - interval '1 day' where id like 'BF-%'").update();
        jdbc.sql("""
                update reconciliation_backfill set before = now(), after_country_code = null, after_party_id = null,
                       after_cdr_id = null, recorded = 0, not_priced = 0, done_at = null""").update();

        backfill.run();

        var differs = recorded.find(new ObjectKey("NL", "SIM", "BF-DIFFERS")).orElseThrow();
        assertThat(differs.differs()).isTrue();
        assertThat(differs.totalDeltaExclVat()).isEqualByComparingTo(new BigDecimal("2.00"));
        assertThat(differs.open()).isTrue();
        assertThat(recorded.find(new ObjectKey("NL", "SIM", "BF-AGREES")).orElseThrow().differs()).isFalse();
        assertThat(recorded.find(new ObjectKey("NL", "SIM", "BF-ODD"))).as("cannot be re-priced").isEmpty();
        var state = jdbc.sql("select recorded, not_priced, done_at is not null from reconciliation_backfill")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0}).single();
        assertThat(state[0]).isGreaterThanOrEqualTo(2);
        assertThat(state[1]).isGreaterThanOrEqualTo(1);
        assertThat(state[2]).as("done").isEqualTo(1);

        // done: the next runs look at nothing, and the unpriceable CDR is not tried again
        assertThat(backfill.run()).isZero();
    }
}
