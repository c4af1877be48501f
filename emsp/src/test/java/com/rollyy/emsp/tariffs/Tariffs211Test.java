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
 * A CPO on OCPI 2.1.1 (party BE/OLD) pushes, patches, deletes and is pulled for Tariffs taken from
 * 2.1.1 mod_tariffs.md §3.1, on the Location of mod_locations.md §3.1 (whose connectors name tariffs
 * 11 and 12); the product's estimate prices them. 2.1.1 prices are excl. VAT with no VAT rate:
 * incl. VAT is reported equal to excl. VAT with the issue {@code vat_unknown}.
 */
class Tariffs211Test extends EmspIntegrationTest {

    /** mod_tariffs.md §3.1 "Complex Tariff example". */
    private static final String COMPLEX = """
            {
            	"id": "11",
            	"currency": "EUR",
            	"tariff_alt_url": "https://company.com/tariffs/11",
            	"elements": [{
            		"price_components": [{
            			"type": "FLAT",
            			"price": 2.50,
            			"step_size": 1
            		}]
            	}, {
            		"price_components": [{
            			"type": "TIME",
            			"price": 1.00,
            			"step_size": 900
            		}],
            		"restrictions": {
            			"max_power": 32.00
            		}
            	}, {
            		"price_components": [{
            			"type": "TIME",
            			"price": 2.00,
            			"step_size": 600
            		}],
            		"restrictions": {
            			"min_power": 32.00,
            			"day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
            		}
            	}, {
            		"price_components": [{
            			"type": "TIME",
            			"price": 1.25,
            			"step_size": 600
            		}],
            		"restrictions": {
            			"min_power": 32.00,
            			"day_of_week": ["SATURDAY", "SUNDAY"]
            		}
            	}, {
            		"price_components": [{
            			"type": "PARKING_TIME",
            			"price": 5.00,
            			"step_size": 300
            		}],
            		"restrictions": {
            			"start_time": "09:00",
            			"end_time": "18:00",
            			"day_of_week": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
            		}
            	}, {
            		"price_components": [{
            			"type": "PARKING_TIME",
            			"price": 6.00,
            			"step_size": 300
            		}],
            		"restrictions": {
            			"start_time": "10:00",
            			"end_time": "17:00",
            			"day_of_week": ["SATURDAY"]
            		}
            	}],
            	"last_updated": "2015-06-29T20:39:09Z"
            }""";

    /** mod_tariffs.md §3.1 "Simple Tariff example 2 euro per hour". */
    private static final String SIMPLE = """
            {
            	"id": "12",
            	"currency": "EUR",
            	"elements": [{
            		"price_components": [{
            			"type": "TIME",
            			"price": 2.00,
            			"step_size": 300
            		}]
            	}],
            	"last_updated": "2015-06-29T20:39:09Z"
            }""";

    private FakeVersionedCpo old;
    private String token;

    @BeforeEach
    void a211CpoWithTheSpecLocation() {
        old = FakeVersionedCpo.offering("2.1.1").withEndpoints("tariffs");
        var registered = ocpi("POST", "/ocpi/2.1.1/credentials", invite()).json("""
                {"token":"b-token-211","url":"%s","business_details":{"name":"Old CPO"},
                 "party_id":"OLD","country_code":"BE"}""".formatted(old.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        token = registered.json().get("data").get("token").asString();
        var location = ocpi("PUT", "/ocpi/2.1.1/locations/BE/OLD/LOC1", token)
                .json(com.rollyy.emsp.locations.Locations211Test.SPEC_LOCATION).send();
        assertThat(location.status()).as(location.body()).isEqualTo(201);
    }

    @AfterEach
    void stopCpo() {
        old.close();
    }

    @Test
    void theComplexTariffIsPricedByTheEngineWithVatUnknown() {
        assertThat(put("11", COMPLEX).status()).isEqualTo(201);

        // Monday 09:00 Brussels: 1 h charging at ~10 kW (< 32 kW: 1.00/h), 30 min parking in 09-18 (5.00/h)
        JsonNode monday = estimate("3256", "&kwh=10&duration_minutes=60&parking_minutes=30"
                + "&start_time=2026-03-02T08:00:00Z");
        assertThat(monday.get("tariff_id").asString()).isEqualTo("11");
        assertThat(monday.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("6.00");
        assertThat(monday.get("estimate").get("estimated_cost_incl_vat").decimalValue())
                .isEqualByComparingTo("6.00");
        assertThat(costOf(monday, "fixed")).isEqualByComparingTo("2.50");
        assertThat(costOf(monday, "time")).isEqualByComparingTo("1.00");
        assertThat(costOf(monday, "parking")).isEqualByComparingTo("2.50");
        assertThat(monday.get("issues").toString()).contains("vat_unknown");
        assertThat(monday.get("notes").toString()).contains("OCPI 2.1.1 tariff: prices are excl. VAT")
                .doesNotContain("no VAT applicable");

        // Saturday 10:00 Brussels: parking in 10-17 at 6.00/h
        JsonNode saturday = estimate("3256", "&kwh=10&duration_minutes=60&parking_minutes=30"
                + "&start_time=2026-03-07T09:00:00Z");
        assertThat(saturday.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("6.50");
        assertThat(costOf(saturday, "parking")).isEqualByComparingTo("3.00");

        // Sunday: no parking element applies, parking is free
        JsonNode sunday = estimate("3256", "&kwh=10&duration_minutes=60&parking_minutes=30"
                + "&start_time=2026-03-08T09:00:00Z");
        assertThat(sunday.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("3.50");
    }

    @Test
    void putPatchGetAndDeleteAt211Paths() {
        assertThat(put("12", SIMPLE).status()).isEqualTo(201);
        // connector 1 of EVSE 3257 names tariff 12 in the spec's Location
        assertThat(estimate("3257", "&duration_minutes=60&start_time=2026-03-02T08:00:00Z").get("estimate")
                .get("estimated_cost").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(estimate("3257", "&duration_minutes=45&start_time=2026-03-02T08:00:00Z").get("estimate")
                .get("estimated_cost").decimalValue()).isEqualByComparingTo("1.50");

        JsonNode wire = ocpi("GET", "/ocpi/2.1.1/tariffs/BE/OLD/12", token).send().json().get("data");
        assertThat(wire.get("id").asString()).isEqualTo("12");
        assertThat(wire.has("country_code") || wire.has("party_id") || wire.has("type")).isFalse();
        JsonNode model = TestHttp.parse(jdbc.sql("select doc::text from tariff where id = '12'").query(String.class)
                .single());
        assertThat(model.get("country_code").asString()).isEqualTo("BE");
        assertThat(model.get("party_id").asString()).isEqualTo("OLD");
        assertThat(model.get("elements").get(0).get("price_components").get(0).has("vat")).isFalse();

        // mod_tariffs.md §2.2.3 "Change Tariff to 2,50" (no last_updated: 2.1.1 does not require it)
        var patch = ocpi("PATCH", "/ocpi/2.1.1/tariffs/BE/OLD/12", token).json("""
                {
                	"elements": [{
                		"price_components": [{
                			"type": "TIME",
                			"price": 2.50,
                			"step_size": 300
                		}]
                	}]
                }""").send();
        assertThat(patch.status()).as(patch.body()).isEqualTo(200);
        assertThat(estimate("3257", "&duration_minutes=60&start_time=2026-03-02T08:00:00Z").get("estimate")
                .get("estimated_cost").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(ocpi("GET", "/ocpi/2.1.1/tariffs/BE/OLD/12", token).send().json().get("data").get("elements")
                .get(0).get("price_components").get(0).get("price").decimalValue()).isEqualByComparingTo("2.50");
        // 2.2.1 has no PATCH on tariffs
        assertThat(ocpi("PATCH", "/ocpi/2.2.1/tariffs/BE/OLD/12", token).json("{}").send().status())
                .isNotEqualTo(200);
        var badPatch = ocpi("PATCH", "/ocpi/2.1.1/tariffs/BE/OLD/12", token).json("{\"currency\": \"euro\"}").send();
        assertThat(badPatch.ocpiStatus()).isEqualTo(2001);
        assertThat(badPatch.body()).contains("currency");

        assertThat(ocpi("DELETE", "/ocpi/2.1.1/tariffs/BE/OLD/12", token).send().ocpiStatus()).isEqualTo(1000);
        assertThat(api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + asset("3257") + "&duration_minutes=60")
                .send().status()).isEqualTo(404);
    }

    @Test
    void theFreeOfChargeExampleCostsNothing() {
        // mod_tariffs.md §3.1 "Free of Charge Tariff example" (FLAT 0.00, step_size 0), on connector 3257/1
        var free = put("12", """
                {
                    "id": "12",
                    "currency": "EUR",
                    "elements": [{
                        "price_components": [{
                            "type": "FLAT",
                            "price": 0.00,
                            "step_size": 0
                        }]
                    }],
                	"last_updated": "2015-06-29T20:39:09Z"
                }""");
        assertThat(free.status()).as(free.body()).isEqualTo(201);
        JsonNode priced = estimate("3257", "&kwh=20&duration_minutes=90&start_time=2026-03-02T08:00:00Z");
        assertThat(priced.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(priced.get("estimate").get("estimated_cost_incl_vat").decimalValue()).isEqualByComparingTo("0.00");
    }

    @Test
    void tooLongTariffIdIsRefusedNamingIt() {
        String id37 = "T".repeat(37);
        var response = put(id37, SIMPLE.replace("\"12\"", "\"" + id37 + "\""));
        assertThat(response.ocpiStatus()).isEqualTo(2001);
        assertThat(response.body()).contains("tariff_id");
        assertThat(jdbc.sql("select count(*) from tariff").query(Long.class).single()).isZero();
    }

    @Test
    void aPullOfThe211SenderStoresTariffsOwnedByThePartnersParty() {
        old.answering("GET", "/2.1.1/tariffs", "[" + SIMPLE + "]");
        String connection = null;
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if ("OLD".equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                connection = c.get("id").asString();
            }
        }
        var sync = api("POST", "/ocpi/2.2.1/tariffs/sync/" + connection).send();
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from tariff where country_code = 'BE' and party_id = 'OLD' and id = '12'"
                + " and connection_id = ?::uuid").param(connection).query(Long.class).single()).isEqualTo(1);
        JsonNode priced = estimate("3257", "&duration_minutes=30&start_time=2026-03-02T08:00:00Z");
        assertThat(priced.get("estimate").get("estimated_cost").decimalValue()).isEqualByComparingTo("1.00");
        assertThat(priced.get("issues").toString()).contains("vat_unknown");
    }

    private static java.math.BigDecimal costOf(JsonNode answer, String dimension) {
        for (JsonNode cost : answer.get("estimate").get("costs")) {
            if (dimension.equals(cost.get("dimension").asString())) {
                return cost.get("estimated_cost").get("excl_vat").decimalValue();
            }
        }
        throw new AssertionError("no " + dimension + " cost in " + answer);
    }

    private String asset(String evseUid) {
        return jdbc.sql("select asset_id::text from evse where uid = ?").param(evseUid).query(String.class).single();
    }

    private JsonNode estimate(String evseUid, String query) {
        var response = api("GET", "/ocpi/2.2.1/tariffs/estimate?asset_id=" + asset(evseUid) + "&connector_id=1"
                + query).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private TestHttp.Response put(String id, String body) {
        return ocpi("PUT", "/ocpi/2.1.1/tariffs/BE/OLD/" + id, token).json(body).send();
    }
}
