package com.rollyy.emsp.tariffs;

import static com.rollyy.emsp.support.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * GET /ocpi/2.2.1/tariffs/reconcile over HTTP with CDRs the CPOs POST: by the CPO's session id,
 * by CDR id, with two CPOs sharing ids, per cost dimension, with issues.
 */
class ReconcileTest extends EmspIntegrationTest {

    private static final String T = "2026-03-01T10:00:00Z";
    /** ENERGY 0.30, FLAT 1.00, PARKING_TIME 2.00/h, all 20 % VAT; at least 10.00 (12.00). */
    private static final String TARIFF = """
            {"country_code":"NL","party_id":"%s","id":"%s","currency":"EUR","type":"REGULAR",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.30,"vat":20.0,"step_size":1},
                                              {"type":"FLAT","price":1.00,"vat":20.0,"step_size":1},
                                              {"type":"PARKING_TIME","price":2.00,"vat":20.0,"step_size":60}]}],
             "min_price":{"excl_vat":10.00,"incl_vat":12.00},%s
             "last_updated":"%s"}""";

    private String token;

    @BeforeEach
    void cpoWithALocationAndATariff() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
        put(token, "/ocpi/2.2.1/tariffs/NL/SIM/MIN10", tariff("SIM", "MIN10", ""));
        String evse = """
                {"uid":"E1","status":"AVAILABLE","connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET",
                 "power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"tariff_ids":["MIN10"],
                 "last_updated":"%s"}],"last_updated":"%s"}""".formatted(T, T);
        put(token, "/ocpi/2.2.1/locations/NL/SIM/LOC1", location("NL", "SIM", "LOC1", T, evse));
    }

    @Test
    void everyCostIsComparedAndTheRowsAddUpToTheTotal() {
        // 20 kWh × 0.30 + 1.00 + 30 min parking × 2.00/h = 8.00 (9.60), lifted by min_price to 10.00 (12.00)
        post(token, new CdrBuilder("SIM", "CDR-OK").session("S-OK").carrying("MIN10").costs(
                "\"total_energy_cost\":{\"excl_vat\":6.00,\"incl_vat\":7.20},"
                        + "\"total_fixed_cost\":{\"excl_vat\":1.00,\"incl_vat\":1.20},"
                        + "\"total_parking_cost\":{\"excl_vat\":1.00,\"incl_vat\":1.20},").json());
        post(token, new CdrBuilder("SIM", "CDR-PARK").session("S-PARK").carrying("MIN10").costs(
                "\"total_energy_cost\":{\"excl_vat\":6.00,\"incl_vat\":7.20},"
                        + "\"total_parking_cost\":{\"excl_vat\":1.50,\"incl_vat\":1.80},").json());

        var ok = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S-OK").send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        var body = ok.json();
        assertThat(body.get("within_tolerance").asBoolean()).isTrue();
        assertThat(body.get("issues").size()).isZero();
        // money as plain decimals: rounded at the currency's scale, exact without trailing zeros
        assertThat(ok.body()).contains("\"calculated_cost\":{\"excl_vat\":10.00,\"incl_vat\":12.00}")
                .contains("\"calculated_cost_exact\":{\"excl_vat\":10,\"incl_vat\":12}")
                .contains("\"cpo_reported_cost\":{\"excl_vat\":10.00,\"incl_vat\":12.00}")
                .doesNotContain("E+").doesNotContain("E-").doesNotContain("000000");
        JsonNode energy = row(body, "energy");
        assertThat(energy.get("cdr_field").asString()).isEqualTo("total_energy_cost");
        assertPrice(energy.get("calculated_cost"), "6.00", "7.20");
        assertPrice(energy.get("cpo_reported_cost"), "6.00", "7.20");
        assertPrice(energy.get("discrepancy"), "0.00", "0.00");
        assertThat(energy.get("within_tolerance").asBoolean()).isTrue();
        assertThat(row(body, "time").has("cpo_reported_cost")).as("the CDR reports no time cost").isFalse();
        assertPrice(row(body, "price_limit").get("calculated_cost"), "2.00", "2.40");
        assertThat(ok.body()).contains("{\"dimension\":\"price_limit\",\"calculated_cost\":{\"excl_vat\":2.00,"
                + "\"incl_vat\":2.40},\"calculated_cost_exact\":{\"excl_vat\":2,\"incl_vat\":2.4}}");
        assertThat(sum(body, "calculated_cost", "excl_vat")).isEqualByComparingTo("10.00");
        assertThat(sum(body, "calculated_cost", "incl_vat")).isEqualByComparingTo("12.00");
        assertThat(sum(body, "calculated_cost_exact", "excl_vat")).isEqualByComparingTo("10");
        assertThat(sum(body, "calculated_cost_exact", "incl_vat")).isEqualByComparingTo("12");

        var parking = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S-PARK").send().json();
        assertThat(parking.get("discrepancy").get("excl_vat").decimalValue()).as("the totals agree")
                .isEqualByComparingTo("0");
        assertPrice(row(parking, "parking").get("discrepancy"), "0.50", "0.60");
        assertThat(row(parking, "parking").get("within_tolerance").asBoolean()).isFalse();
        assertThat(strings(parking.get("issues"))).containsExactly("dimension_discrepancy");
        assertThat(parking.get("within_tolerance").asBoolean()).isFalse();
    }

    @Test
    void aTariffNotValidAtTheSessionStartIsFlagged() {
        put(token, "/ocpi/2.2.1/tariffs/NL/SIM/OLD", tariff("SIM", "OLD", "\"end_date_time\":\"2026-02-01T00:00:00Z\","));
        post(token, new CdrBuilder("SIM", "CDR-OLD").session("S-OLD").carrying("OLD").json());

        var body = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S-OLD").send().json();

        assertThat(body.get("discrepancy").get("excl_vat").decimalValue()).isEqualByComparingTo("0");
        assertThat(strings(body.get("issues"))).containsExactly("tariff_not_valid_at_start");
        assertThat(body.get("within_tolerance").asBoolean()).isFalse();
        assertThat(strings(body.get("notes"))).anyMatch(note -> note.contains("not valid at session start"));
    }

    @Test
    void aCdrNamingNoTariffIsPricedWithItsConnectorsTariffs() {
        post(token, new CdrBuilder("SIM", "CDR-BARE").session("S-BARE").json());

        var response = api("GET", "/ocpi/2.2.1/tariffs/reconcile/S-BARE").send();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("tariff_id").asString()).isEqualTo("MIN10");
        assertThat(body.get("tariff_source").asString()).isEqualTo("connector");
        assertPrice(body.get("calculated_cost"), "10.00", "12.00");
        assertThat(strings(body.get("issues"))).containsExactly("connector_tariffs_as_held_now");
        assertThat(body.get("within_tolerance").asBoolean()).isFalse();
        assertThat(strings(body.get("notes"))).anyMatch(note -> note.contains("its connector lists now"));
    }

    @Test
    void aCdrWithoutSessionIdIsReconciledByItsId() {
        post(token, new CdrBuilder("SIM", "CDR-NOSESSION").carrying("MIN10").json());

        var response = api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=cdr-nosession").send();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("cdr_id").asString()).isEqualTo("CDR-NOSESSION");
        assertThat(body.has("session_id")).isFalse();
        assertThat(body.get("within_tolerance").asBoolean()).isTrue();
        assertThat(body.get("connection_id").asString()).isNotBlank();

        var unknown = api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=NOPE").send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("no_cdr");
        var neither = api("GET", "/ocpi/2.2.1/tariffs/reconcile").send();
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.json().get("message").asString()).contains("'cdr_id'").contains("'session_id'");
        var badConnection = api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=CDR-NOSESSION&connection_id=x").send();
        assertThat(badConnection.status()).isEqualTo(400);
        assertThat(badConnection.json().get("message").asString()).contains("'connection_id'");
    }

    @Test
    void twoCposWithTheSameIdsAreNeverPickedSilently() throws Exception {
        try (CpoSimulator other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"))) {
            other.registerWith(versionsUrl(), invite());
            String otherToken = other.tokenForEmsp();
            put(otherToken, "/ocpi/2.2.1/tariffs/NL/OTH/MIN10", tariff("OTH", "MIN10", ""));
            post(token, new CdrBuilder("SIM", "CDR-1").session("SHARED").carrying("MIN10").json());
            post(otherToken, new CdrBuilder("OTH", "CDR-1").session("SHARED").carrying("MIN10").total("11.00", "13.20")
                    .json());

            var ambiguous = api("GET", "/ocpi/2.2.1/tariffs/reconcile/shared").send();
            assertThat(ambiguous.status()).as(ambiguous.toString()).isEqualTo(409);
            assertThat(ambiguous.json().get("error").asString()).isEqualTo("ambiguous_session_id");
            assertThat(ambiguous.json().get("message").asString()).contains("NL/SIM").contains("NL/OTH")
                    .contains("connection_id");
            var candidates = ambiguous.json().get("candidates");
            assertThat(candidates.size()).isEqualTo(2);
            String otherConnection = null;
            for (JsonNode candidate : candidates) {
                if (candidate.get("party_id").asString().equals("OTH")) {
                    otherConnection = candidate.get("connection_id").asString();
                }
            }
            assertThat(otherConnection).isNotNull();

            var narrowed = api("GET", "/ocpi/2.2.1/tariffs/reconcile/SHARED?connection_id=" + otherConnection).send();
            assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
            assertThat(narrowed.json().get("party_id").asString()).isEqualTo("OTH");
            assertThat(narrowed.json().get("discrepancy").get("excl_vat").decimalValue()).isEqualByComparingTo("1.00");

            var byCdr = api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=CDR-1").send();
            assertThat(byCdr.status()).isEqualTo(409);
            assertThat(byCdr.json().get("error").asString()).isEqualTo("ambiguous_cdr_id");
            assertThat(byCdr.json().get("candidates").size()).isEqualTo(2);
            var byCdrNarrowed = api("GET", "/ocpi/2.2.1/tariffs/reconcile?cdr_id=CDR-1&party_id=SIM").send().json();
            assertThat(byCdrNarrowed.get("party_id").asString()).isEqualTo("SIM");
            assertThat(byCdrNarrowed.get("within_tolerance").asBoolean()).isTrue();
        }
    }

    private static JsonNode row(JsonNode reconciliation, String dimension) {
        for (JsonNode row : reconciliation.get("costs")) {
            if (row.get("dimension").asString().equals(dimension)) {
                return row;
            }
        }
        throw new AssertionError("no cost row " + dimension + " in " + reconciliation);
    }

    private static void assertPrice(JsonNode price, String exclVat, String inclVat) {
        assertThat(price.get("excl_vat").decimalValue()).as("excl_vat of " + price).isEqualByComparingTo(exclVat);
        assertThat(price.get("incl_vat").decimalValue()).as("incl_vat of " + price).isEqualByComparingTo(inclVat);
    }

    private static BigDecimal sum(JsonNode reconciliation, String column, String side) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode row : reconciliation.get("costs")) {
            sum = sum.add(row.get(column).get(side).decimalValue());
        }
        return sum;
    }

    private static List<String> strings(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static String tariff(String partyId, String id, String extra) {
        return TARIFF.formatted(partyId, id, extra, T);
    }

    /** A CDR of a 60-minute charge (20 kWh) and 30 minutes of parking at LOC1/E1/1. */
    private static final class CdrBuilder {
        private final String partyId;
        private final String id;
        private String session = "";
        private String tariffs = "";
        private String periodTariff = "";
        private String costs = "";
        private String total = "\"total_cost\":{\"excl_vat\":10.00,\"incl_vat\":12.00},";

        CdrBuilder(String partyId, String id) {
            this.partyId = partyId;
            this.id = id;
        }

        CdrBuilder session(String sessionId) {
            session = "\"session_id\":\"" + sessionId + "\",";
            return this;
        }

        CdrBuilder carrying(String tariffId) {
            tariffs = "\"tariffs\":[" + ReconcileTest.tariff(partyId, tariffId,
                    tariffId.equals("OLD") ? "\"end_date_time\":\"2026-02-01T00:00:00Z\"," : "") + "],";
            periodTariff = "\"tariff_id\":\"" + tariffId + "\",";
            return this;
        }

        CdrBuilder costs(String json) {
            costs = json;
            return this;
        }

        CdrBuilder total(String excl, String incl) {
            total = "\"total_cost\":{\"excl_vat\":" + excl + ",\"incl_vat\":" + incl + "},";
            return this;
        }

        String json() {
            return """
                    {"country_code":"NL","party_id":"%s","id":"%s",%s
                     "start_date_time":"2026-03-02T10:00:00Z","end_date_time":"2026-03-02T11:30:00Z",
                     "cdr_token":{"country_code":"NL","party_id":"RYY","uid":"TOKEN1","type":"APP_USER","contract_id":"NL-RYY-C1"},
                     "auth_method":"COMMAND",
                     "cdr_location":{"id":"LOC1","address":"Keizersgracht 1","city":"Amsterdam","country":"NLD",
                      "coordinates":{"latitude":"52.37403","longitude":"4.88969"},"evse_uid":"E1","evse_id":"NL*SIM*E1",
                      "connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET",
                      "connector_power_type":"AC_3_PHASE"},
                     "currency":"EUR",%s
                     "charging_periods":[
                       {"start_date_time":"2026-03-02T10:00:00Z",%s"dimensions":[{"type":"ENERGY","volume":20},{"type":"TIME","volume":1}]},
                       {"start_date_time":"2026-03-02T11:00:00Z",%s"dimensions":[{"type":"PARKING_TIME","volume":0.5}]}],
                     %s%s"total_energy":20,"total_time":1.5,"total_parking_time":0.5,
                     "last_updated":"2026-03-02T11:35:00Z"}""".formatted(partyId, id, session, tariffs, periodTariff,
                    periodTariff, total, costs);
        }
    }

    private void post(String cpoToken, String cdr) {
        var response = TestHttp.request("POST", url("/ocpi/2.2.1/cdrs")).token(cpoToken).json(cdr).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void put(String cpoToken, String path, String body) {
        var response = TestHttp.request("PUT", url(path)).token(cpoToken).json(body).send();
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }
}
