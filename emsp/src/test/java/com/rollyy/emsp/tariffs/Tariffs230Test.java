package com.rollyy.emsp.tariffs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeVersionedCpo;
import com.rollyy.emsp.support.TestHttp;

/**
 * Tariffs pushed by a CPO on OCPI 2.3.0 and priced by our engine through the product API's
 * estimate for the connector that names them. The tariffs are the 2.3.0 spec's examples (tag
 * v2.3.0, examples/tariff_*.json, party changed to the CPO's) and the amounts the spec's text gives
 * for them (mod_tariffs.asciidoc "Tariff examples"); the two tax-included ones with a VAT are ours
 * (the spec has none): {@code tax_included} YES means the price is gross.
 */
class Tariffs230Test extends EmspIntegrationTest {

    private static final String T = "2026-03-01T10:00:00Z";
    /** examples/tariff_1_simple_2hour.json: € 2.00 per hour excl. VAT, 10 % VAT, per minute. */
    private static final String SIMPLE_2_HOUR = """
            {"country_code":"BE","party_id":"OLD","id":"T1","currency":"EUR",
             "elements":[{"price_components":[{"type":"TIME","price":2.00,"vat":10.0,"step_size":60}]}],
             "tax_included":"NO","last_updated":"2015-06-29T20:39:09Z"}""";
    /** examples/tariff_19_simple_north_american_exclusive.json: C$ 2.00 per hour, taxes on top, rate unknown. */
    private static final String NORTH_AMERICAN_EXCLUSIVE = """
            {"country_code":"BE","party_id":"OLD","id":"T19","currency":"CAD",
             "elements":[{"price_components":[{"type":"TIME","price":2.00,"step_size":1}]}],
             "tax_included":"NO","last_updated":"2024-12-05T18:30:14Z"}""";
    /** examples/tariff_20_simple_north_american_inclusive.json: C$ 2.10 per hour, taxes included. */
    private static final String NORTH_AMERICAN_INCLUSIVE = """
            {"country_code":"BE","party_id":"OLD","id":"T20","currency":"CAD",
             "elements":[{"price_components":[{"type":"TIME","price":2.10,"step_size":1}]}],
             "tax_included":"YES","last_updated":"2024-12-05T18:30:14Z"}""";
    /** examples/tariff_12_025kwh_min_price.json: € 0.25/kWh + 10 % VAT, min_price a PriceLimit 0.50/0.55. */
    private static final String MIN_PRICE = """
            {"country_code":"BE","party_id":"OLD","id":"T12","currency":"EUR",
             "min_price":{"before_taxes":0.50,"after_taxes":0.55},
             "elements":[{"price_components":[{"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}],
             "tax_included":"NO","last_updated":"2018-12-17T16:45:21Z"}""";
    /** examples/tariff_6_025kwh_start_max_price.json: € 0.50 start (20 %) + € 0.25/kWh (10 %), max 10/11. */
    private static final String MAX_PRICE = """
            {"country_code":"BE","party_id":"OLD","id":"T6","currency":"EUR",
             "max_price":{"before_taxes":10.00,"after_taxes":11.00},
             "elements":[{"price_components":[{"type":"FLAT","price":0.50,"vat":20.0,"step_size":1},
                                              {"type":"ENERGY","price":0.25,"vat":10.0,"step_size":1}]}],
             "tax_included":"NO","end_date_time":"2019-06-30T23:59:59Z","last_updated":"2018-12-17T17:15:01Z"}""";
    /** tariff_1 with the price given gross: € 2.20 per hour incl. 10 % VAT (= € 2.00 excl.). */
    private static final String GROSS_2_HOUR = """
            {"country_code":"BE","party_id":"OLD","id":"TG","currency":"EUR",
             "elements":[{"price_components":[{"type":"TIME","price":2.20,"vat":10.0,"step_size":60}]}],
             "tax_included":"YES","last_updated":"2026-03-01T10:00:00Z"}""";
    /** € 0.36 per kWh incl. 21 % VAT: the net price (0.2975206611570248…) does not end. */
    private static final String GROSS_ENERGY = """
            {"country_code":"BE","party_id":"OLD","id":"TE","currency":"EUR",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.36,"vat":21.0,"step_size":1}]}],
             "tax_included":"YES","last_updated":"2026-03-01T10:00:00Z"}""";
    /** No taxes at all (N/A): a vat given anyway is not applied. */
    private static final String NO_TAXES = """
            {"country_code":"BE","party_id":"OLD","id":"TN","currency":"EUR",
             "elements":[{"price_components":[{"type":"ENERGY","price":0.30,"vat":21.0,"step_size":1}]}],
             "tax_included":"N/A","last_updated":"2026-03-01T10:00:00Z"}""";

    private FakeVersionedCpo cpo230;
    private String token;
    private String assetId;

    @BeforeEach
    void cpoWithTariffsAndALocation() {
        cpo230 = FakeVersionedCpo.offering("2.3.0").withEndpoints("tariffs");
        token = register230(cpo230);
        for (String tariff : new String[] {SIMPLE_2_HOUR, NORTH_AMERICAN_EXCLUSIVE, NORTH_AMERICAN_INCLUSIVE,
                MIN_PRICE, MAX_PRICE, GROSS_2_HOUR, GROSS_ENERGY, NO_TAXES}) {
            String id = tariff.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
            var put = ocpi("PUT", "/ocpi/2.3.0/tariffs/BE/OLD/" + id, token).json(tariff).send();
            assertThat(put.json().get("status_code").asInt()).as(put.body()).isEqualTo(1000);
        }
        var connectors = new StringBuilder();
        String[] ids = {"T1", "T19", "T20", "T12", "T6", "TG", "TE", "TN"};
        for (int i = 0; i < ids.length; i++) {
            connectors.append(i == 0 ? "" : ",").append("""
                    {"id":"%d","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                     "max_amperage":32,"tariff_ids":["%s"],"last_updated":"%s"}""".formatted(i + 1, ids[i], T));
        }
        var location = ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1", token).json("""
                {"country_code":"BE","party_id":"OLD","id":"LOC1","publish":true,"address":"F.Rooseveltlaan 3A",
                 "city":"Gent","country":"BEL","coordinates":{"latitude":"51.047599","longitude":"3.729944"},
                 "evses":[{"uid":"3256","status":"AVAILABLE","connectors":[%s],"last_updated":"%s"}],
                 "time_zone":"Europe/Brussels","last_updated":"%s"}""".formatted(connectors, T, T)).send();
        assertThat(location.json().get("status_code").asInt()).as(location.body()).isEqualTo(1000);
        assetId = jdbc.sql("select asset_id::text from evse").query(String.class).single();
    }

    @AfterEach
    void closeCpo() {
        cpo230.close();
    }

    @Test
    void taxExclusiveTariffsArePricedAsTheSpecSays() {
        // tariff_1: "For a charging session of 2.5 hours, … € 5.00 (excl. VAT) or € 5.50 (incl. VAT)"
        assertEstimate("1", "&kwh=20&duration_minutes=150", "5.00", "5.50");
        // tariff_19: "C$ 5.00, plus taxes": the rate is not known, so incl. VAT is not more than excl.
        JsonNode exclusive = assertEstimate("2", "&kwh=20&duration_minutes=150", "5.00", "5.00");
        assertThat(exclusive.get("notes").toString()).contains("has no vat");
        // tariff_12: "€ 5.00 (excl. VAT) or € 5.50 (incl. VAT) when 20 kWh are charged",
        // "if less than 2 kWh is charged, € 0.50 (excl. VAT) or € 0.55 (incl. VAT)"
        assertEstimate("4", "&kwh=20&duration_minutes=60", "5.00", "5.50");
        assertEstimate("4", "&kwh=1&duration_minutes=60", "0.50", "0.55");
    }

    @Test
    void maxPriceIsAPriceLimit() {
        // tariff_6 (valid until 30 June 2019): "50 kWh … € 10.00 (excl. VAT) or € 11.00 (incl. VAT)",
        // "30 kWh … € 8.00 (excl. VAT) and € 8.85 (incl. VAT)"
        assertEstimate("5", "&kwh=50&duration_minutes=240&start_time=2019-06-01T10:00:00Z", "10.00", "11.00");
        assertEstimate("5", "&kwh=30&duration_minutes=240&start_time=2019-06-01T10:00:00Z", "8.00", "8.85");
    }

    @Test
    void taxInclusivePricesAreGrossPrices() {
        // tariff_20: "For a charging session of 2.5 hours, … C$ 5.25. All taxes that are due are included"
        JsonNode inclusive = assertEstimate("3", "&kwh=20&duration_minutes=150", "5.25", "5.25");
        assertThat(inclusive.get("notes").toString()).contains("has no vat");
        // € 2.20 gross with 10 % VAT: 2.5 h → € 5.50 incl., € 5.00 excl.
        assertEstimate("6", "&kwh=20&duration_minutes=150", "5.00", "5.50");
        // € 0.36 gross with 21 % VAT: 10 kWh → € 3.60 incl. to the cent, € 2.98 excl. (2.9752…)
        assertEstimate("7", "&kwh=10&duration_minutes=60", "2.98", "3.60");
        // 7.5 kWh → € 2.70 incl., € 2.23 excl. (2.2314…)
        assertEstimate("7", "&kwh=7.5&duration_minutes=60", "2.23", "2.70");
        // N/A: no taxes, the vat given anyway is not applied
        assertEstimate("8", "&kwh=10&duration_minutes=60", "3.00", "3.00");
    }

    @Test
    void ourAnswersAreIn230AndATariffWithoutTaxIncludedIsRefused() {
        JsonNode served = ocpi("GET", "/ocpi/2.3.0/tariffs/BE/OLD/T12", token).send().json().get("data");
        assertThat(served.get("tax_included").asString()).isEqualTo("NO");
        assertThat(served.get("min_price").get("before_taxes").decimalValue()).isEqualByComparingTo("0.50");
        assertThat(served.get("min_price").get("after_taxes").decimalValue()).isEqualByComparingTo("0.55");
        assertThat(served.get("min_price").has("excl_vat")).isFalse();
        // a tariff without any vat is the model's "no VAT applicable"
        assertThat(ocpi("GET", "/ocpi/2.3.0/tariffs/BE/OLD/T20", token).send().json().get("data")
                .get("tax_included").asString()).isEqualTo("N/A");
        // the gross price is kept as its net equivalent
        JsonNode gross = ocpi("GET", "/ocpi/2.3.0/tariffs/BE/OLD/TG", token).send().json().get("data");
        assertThat(gross.get("tax_included").asString()).isEqualTo("NO");
        assertThat(gross.get("elements").get(0).get("price_components").get(0).get("price").decimalValue())
                .isEqualByComparingTo("2.00");

        var missing = ocpi("PUT", "/ocpi/2.3.0/tariffs/BE/OLD/TX", token)
                .json(SIMPLE_2_HOUR.replace("\"T1\"", "\"TX\"").replace("\"tax_included\":\"NO\",", "")).send();
        assertThat(missing.json().get("status_code").asInt()).as(missing.body()).isEqualTo(2001);
        assertThat(missing.json().get("status_message").asString()).contains("tax_included");
        var wrong = ocpi("PUT", "/ocpi/2.3.0/tariffs/BE/OLD/TX", token)
                .json(SIMPLE_2_HOUR.replace("\"T1\"", "\"TX\"").replace("\"NO\"", "\"MAYBE\"")).send();
        assertThat(wrong.json().get("status_code").asInt()).isEqualTo(2001);
        assertThat(wrong.json().get("status_message").asString()).contains("tax_included");
        // a gross price with a VAT that cannot be taken out of it
        var vat = ocpi("PUT", "/ocpi/2.3.0/tariffs/BE/OLD/TX", token)
                .json(GROSS_2_HOUR.replace("\"TG\"", "\"TX\"").replace("10.0", "-100")).send();
        assertThat(vat.json().get("status_code").asInt()).as(vat.body()).isEqualTo(2001);
        assertThat(vat.json().get("status_message").asString()).contains("elements[0].price_components[0].vat");
        assertThat(ocpi("GET", "/ocpi/2.3.0/tariffs/BE/OLD/TX", token).send().status()).isEqualTo(404);
    }

    @Test
    void tariffsPulledFromA230CpoArePricedTheSameWay() {
        // the gross tariff_20 (pulled as T20) and tariff_1 without tax_included, as the spec's CDR example
        // embeds it: a pulled tariff without it is read as NO (a push is refused)
        String newer = "\"last_updated\":\"2026-03-01T11:00:00Z\"";
        cpo230.answering("GET", "/2.3.0/tariffs", "[" + NORTH_AMERICAN_INCLUSIVE.replace("2.10", "4.20")
                .replaceAll("\"last_updated\":\"[^\"]+\"", newer) + ","
                + SIMPLE_2_HOUR.replace("\"tax_included\":\"NO\",", "").replace("2.00", "3.00")
                .replaceAll("\"last_updated\":\"[^\"]+\"", newer) + "]");
        var pull = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connectionId()).send();
        assertThat(pull.status()).as(pull.body()).isEqualTo(200);
        assertThat(cpo230.received()).anyMatch(r -> r.method().equals("GET") && r.path().equals("/2.3.0/tariffs"));
        // C$ 4.20 per hour, taxes included: 2.5 h → C$ 10.50
        assertEstimate("3", "&kwh=20&duration_minutes=150", "10.50", "10.50");
        // € 3.00 per hour + 10 %: 2.5 h → € 7.50, € 8.25
        assertEstimate("1", "&kwh=20&duration_minutes=150", "7.50", "8.25");
    }

    private String connectionId() {
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if ("OLD".equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no connection");
    }

    private JsonNode assertEstimate(String connector, String query, String exclVat, String inclVat) {
        if (!query.contains("start_time")) {
            query += "&start_time=2026-03-02T09:00:00Z";
        }
        TestHttp.Response response = api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + assetId + "&connector_id="
                + connector + query).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode estimate = response.json().get("estimate");
        assertThat(estimate.get("estimated_cost").decimalValue()).as(response.body()).isEqualByComparingTo(exclVat);
        assertThat(estimate.get("estimated_cost_incl_vat").decimalValue()).as(response.body())
                .isEqualByComparingTo(inclVat);
        // the amounts exactly as written, at the currency's scale
        assertThat(response.body()).contains("\"estimated_cost\":" + exclVat + ",")
                .contains("\"estimated_cost_incl_vat\":" + inclVat + ",");
        return response.json();
    }

    private String register230(FakeVersionedCpo fake) {
        var registered = ocpi("POST", "/ocpi/2.3.0/credentials", invite()).json("""
                {"token":"b-token-230","url":"%s","roles":[{"role":"CPO","business_details":{"name":"CPO 2.3.0"},
                 "party_id":"OLD","country_code":"BE"}]}""".formatted(fake.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        return registered.json().get("data").get("token").asString();
    }
}
