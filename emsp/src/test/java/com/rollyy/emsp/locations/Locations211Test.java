package com.rollyy.emsp.locations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeVersionedCpo;
import com.rollyy.emsp.support.TestHttp;

/**
 * A CPO on OCPI 2.1.1 (party BE/OLD, registered with us on 2.1.1) pushes Locations, EVSEs and
 * Connectors to /ocpi/2.1.1/locations, reads them back in 2.1.1's shape, and is pulled; what we
 * store is the 2.2.1 model (docs/ocpi-conformance.md, "2.1.1 locations and tariffs").
 */
public class Locations211Test extends EmspIntegrationTest {

    private static final String V211 = "/ocpi/2.1.1/locations";

    /** The Location example of 2.1.1 mod_locations.md §3.1, as published (EVSE "id", a Connector without last_updated). */
    public static final String SPEC_LOCATION = """
            {
            	"id": "LOC1",
            	"type": "ON_STREET",
            	"name": "Gent Zuid",
            	"address": "F.Rooseveltlaan 3A",
            	"city": "Gent",
            	"postal_code": "9000",
            	"country": "BEL",
            	"coordinates": {
            		"latitude": "51.04759",
            		"longitude": "3.72994"
            	},
            	"evses": [{
                    "uid": "3256",
            		"id": "BE-BEC-E041503001",
            		"status": "AVAILABLE",
            		"status_schedule": [],
            		"capabilities": [
            			"RESERVABLE"
            		],
            		"connectors": [{
            			"id": "1",
            			"standard": "IEC_62196_T2",
            			"format": "CABLE",
            			"power_type": "AC_3_PHASE",
            			"voltage": 220,
            			"amperage": 16,
            			"tariff_id": "11",
                        "last_updated": "2015-03-16T10:10:02Z"
            		}, {
            			"id": "2",
            			"standard": "IEC_62196_T2",
            			"format": "SOCKET",
            			"power_type": "AC_3_PHASE",
            			"voltage": 220,
            			"amperage": 16,
            			"tariff_id": "11",
                    	"last_updated": "2015-03-18T08:12:01Z"
            		}],
            		"physical_reference": "1",
            		"floor_level": "-1",
                 	"last_updated": "2015-06-28T08:12:01Z"
            	}, {
                    "uid": "3257",
            		"id": "BE-BEC-E041503002",
            		"status": "RESERVED",
            		"capabilities": [
            			"RESERVABLE"
            		],
            		"connectors": [{
            			"id": "1",
            			"status": "RESERVED",
            			"standard": "IEC_62196_T2",
            			"format": "SOCKET",
            			"power_type": "AC_3_PHASE",
            			"voltage": 220,
            			"amperage": 16,
            			"tariff_id": "12"
            		}],
            		"physical_reference": "2",
            		"floor_level": "-2",
                 	"last_updated": "2015-06-29T20:39:09Z"
            	}],
            	"operator": {
            		"name": "BeCharged"
            	},
            	"last_updated": "2015-06-29T20:39:09Z"
            }""";

    private FakeVersionedCpo old;
    private String token;

    @BeforeEach
    void a211CpoRegistersWithUs() {
        old = FakeVersionedCpo.offering("2.1.1").withEndpoints("tariffs");
        token = register211(old);
    }

    @AfterEach
    void stopCpo() {
        old.close();
    }

    /** The CPO registers with us on 2.1.1 (flat credentials, party BE/OLD) and calls us with the token we gave. */
    String register211(FakeVersionedCpo cpo) {
        var registered = ocpi("POST", "/ocpi/2.1.1/credentials", invite()).json("""
                {"token":"b-token-211","url":"%s","business_details":{"name":"Old CPO"},
                 "party_id":"OLD","country_code":"BE"}""".formatted(cpo.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        return registered.json().get("data").get("token").asString();
    }

    @Test
    void theSpecExampleIsStoredAsTheModelAndReadBackIn211() {
        var put = send("PUT", "/BE/OLD/LOC1", SPEC_LOCATION);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.ocpiStatus()).isEqualTo(1000);

        // the 2.2.1 model, as a 2.2.1 GET shows it
        JsonNode model = ocpi("GET", "/ocpi/2.2.1/locations/BE/OLD/LOC1", token).send().json().get("data");
        assertThat(model.get("country_code").asString()).isEqualTo("BE");
        assertThat(model.get("party_id").asString()).isEqualTo("OLD");
        assertThat(model.get("publish").asBoolean()).isTrue();
        assertThat(model.get("parking_type").asString()).isEqualTo("ON_STREET");
        assertThat(model.has("type")).isFalse();
        assertThat(model.get("time_zone").asString()).as("invented from the country").isEqualTo("Europe/Brussels");
        JsonNode connector = model.get("evses").get(0).get("connectors").get(0);
        assertThat(connector.get("max_voltage").asInt()).isEqualTo(220);
        assertThat(connector.get("max_amperage").asInt()).isEqualTo(16);
        assertThat(connector.get("tariff_ids").get(0).asString()).isEqualTo("11");
        assertThat(connector.has("voltage") || connector.has("tariff_id")).isFalse();
        // the spec's Connector without last_updated takes its EVSE's
        assertThat(model.get("evses").get(1).get("connectors").get(0).get("last_updated").asString())
                .isEqualTo("2015-06-29T20:39:09Z");

        // the same in 2.1.1's shape
        JsonNode wire = get("/BE/OLD/LOC1").json().get("data");
        assertThat(wire.get("type").asString()).isEqualTo("ON_STREET");
        assertThat(wire.has("parking_type") || wire.has("country_code") || wire.has("party_id")
                || wire.has("publish")).isFalse();
        assertThat(wire.get("coordinates").get("latitude").asString()).as("2.1.1: six decimals").isEqualTo("51.047590");
        assertThat(wire.get("coordinates").get("longitude").asString()).isEqualTo("3.729940");
        JsonNode wireConnector = wire.get("evses").get(0).get("connectors").get(0);
        assertThat(wireConnector.get("voltage").asInt()).isEqualTo(220);
        assertThat(wireConnector.get("amperage").asInt()).isEqualTo(16);
        assertThat(wireConnector.get("tariff_id").asString()).isEqualTo("11");
        assertThat(wireConnector.has("max_voltage") || wireConnector.has("tariff_ids")).isFalse();
        assertThat(get("/BE/OLD/LOC1/3257").json().get("data").get("status").asString()).isEqualTo("RESERVED");
        assertThat(get("/BE/OLD/LOC1/3256/2").json().get("data").get("voltage").asInt()).isEqualTo(220);

        // the list, in 2.1.1's shape too; our 2.1.1 details list both modules
        JsonNode list = get("").json().get("data");
        assertThat(list.get(0).get("type").asString()).isEqualTo("ON_STREET");
        assertThat(list.get(0).has("country_code")).isFalse();
        assertThat(ocpi("GET", "/ocpi/2.1.1/details", token).send().json().get("data").get("endpoints")
                .findValuesAsString("identifier")).contains("locations", "tariffs");

        // the product API lists it with its charging assets
        String asset = jdbc.sql("select asset_id::text from evse where uid = '3256'").query(String.class).single();
        var assets = api("GET", "/ocpi/2.2.1/locations").send();
        assertThat(assets.body()).contains("Gent Zuid").contains("3256");
        JsonNode charging = api("GET", "/v1/charging-assets/" + asset).send().json();
        // 220 V line to neutral × 16 A × 3 phases (2.1.1 §3.3 voltage): 10.56 kW
        assertThat(charging.toString()).contains("10.56").contains("\"tariff_ids\":[\"11\"]");
    }

    @Test
    void patchesAtEachLevelTranslateOnlyWhatIsThere() {
        send("PUT", "/BE/OLD/LOC1", SPEC_LOCATION);

        // the three PATCH examples of mod_locations.md §2.2.3 (no last_updated in 2.1.1)
        assertThat(send("PATCH", "/BE/OLD/LOC1/3256", "{\"status\": \"CHARGING\"}").status()).isEqualTo(200);
        assertThat(send("PATCH", "/BE/OLD/LOC1", "{\"name\": \"Interparking Gent Zuid\"}").status()).isEqualTo(200);
        var tariff = send("PATCH", "/BE/OLD/LOC1/3256/2", "{\"tariff_id\": \"15\"}");
        assertThat(tariff.status()).as(tariff.body()).isEqualTo(200);

        JsonNode model = ocpi("GET", "/ocpi/2.2.1/locations/BE/OLD/LOC1", token).send().json().get("data");
        assertThat(model.get("name").asString()).isEqualTo("Interparking Gent Zuid");
        assertThat(model.get("parking_type").asString()).as("untouched by a PATCH without type").isEqualTo("ON_STREET");
        assertThat(model.get("evses").get(0).get("status").asString()).isEqualTo("CHARGING");
        assertThat(model.get("evses").get(0).get("connectors").get(1).get("tariff_ids").toString())
                .isEqualTo("[\"15\"]");
        assertThat(model.get("evses").get(0).get("connectors").get(0).get("tariff_ids").toString())
                .isEqualTo("[\"11\"]");

        // renamed fields in a PATCH, and a LocationType 2.2.1 does not have
        assertThat(send("PATCH", "/BE/OLD/LOC1/3257/1",
                "{\"voltage\": 230, \"amperage\": 32, \"last_updated\": \"2026-01-01T00:00:00Z\"}").status())
                .isEqualTo(200);
        assertThat(send("PATCH", "/BE/OLD/LOC1", "{\"type\": \"UNKNOWN\"}").status()).isEqualTo(200);
        JsonNode connector = ocpi("GET", "/ocpi/2.2.1/locations/BE/OLD/LOC1/3257/1", token).send().json().get("data");
        assertThat(connector.get("max_voltage").asInt()).isEqualTo(230);
        assertThat(connector.get("max_amperage").asInt()).isEqualTo(32);
        assertThat(connector.get("last_updated").asString()).isEqualTo("2026-01-01T00:00:00Z");
        JsonNode patched = ocpi("GET", "/ocpi/2.2.1/locations/BE/OLD/LOC1", token).send().json().get("data");
        assertThat(patched.has("parking_type") && !patched.get("parking_type").isNull()).isFalse();
        assertThat(get("/BE/OLD/LOC1").json().get("data").get("type").asString()).isEqualTo("UNKNOWN");
        assertThat(get("/BE/OLD/LOC1/3257/1").json().get("data").get("amperage").asInt()).isEqualTo(32);
    }

    @Test
    void evseAndConnectorPutsAt211Paths() {
        send("PUT", "/BE/OLD/LOC1", SPEC_LOCATION);
        var evse = send("PUT", "/BE/OLD/LOC1/3258", """
                {"uid": "3258", "evse_id": "BE-BEC-E041503003", "status": "AVAILABLE", "capabilities": ["RESERVABLE"],
                 "connectors": [{"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_1_PHASE",
                                 "voltage": 230, "amperage": 32, "tariff_id": "14",
                                 "last_updated": "2016-01-01T00:00:00Z"}],
                 "last_updated": "2016-01-01T00:00:00Z"}""");
        assertThat(evse.status()).as(evse.body()).isEqualTo(201);
        var connector = send("PUT", "/BE/OLD/LOC1/3258/2", """
                {"id": "2", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC", "voltage": 500,
                 "amperage": 125, "last_updated": "2016-01-02T00:00:00Z"}""");
        assertThat(connector.status()).as(connector.body()).isEqualTo(201);

        JsonNode model = ocpi("GET", "/ocpi/2.2.1/locations/BE/OLD/LOC1/3258", token).send().json().get("data");
        assertThat(model.get("connectors").get(0).get("tariff_ids").get(0).asString()).isEqualTo("14");
        assertThat(model.get("connectors").get(1).get("max_amperage").asInt()).isEqualTo(125);
        assertThat(model.get("connectors").get(1).path("tariff_ids").isEmpty()).isTrue();
        JsonNode wire = get("/BE/OLD/LOC1/3258/2").json().get("data");
        assertThat(wire.get("voltage").asInt()).isEqualTo(500);
        assertThat(wire.has("tariff_id")).isFalse();
    }

    @Test
    void tooLongIdsAndBadFieldsAreRefusedNamingTheField() {
        String id39 = "L".repeat(39);
        var location = send("PUT", "/BE/OLD/" + id39, SPEC_LOCATION.replace("\"LOC1\"", "\"" + id39 + "\""));
        assertThat(location.ocpiStatus()).isEqualTo(2001);
        assertThat(location.body()).contains("location_id");
        assertThat(jdbc.sql("select count(*) from location").query(Long.class).single()).isZero();

        send("PUT", "/BE/OLD/LOC1", SPEC_LOCATION);
        String uid39 = "E".repeat(39);
        var evse = send("PUT", "/BE/OLD/LOC1/" + uid39, """
                {"uid": "%s", "status": "AVAILABLE", "connectors": [{"id": "1", "standard": "IEC_62196_T2",
                 "format": "SOCKET", "power_type": "AC_1_PHASE", "voltage": 230, "amperage": 16,
                 "last_updated": "2016-01-01T00:00:00Z"}], "last_updated": "2016-01-01T00:00:00Z"}""".formatted(uid39));
        assertThat(evse.ocpiStatus()).isEqualTo(2001);
        assertThat(evse.body()).contains("evse_uid");
        assertThat(jdbc.sql("select count(*) from evse where uid = ?").param(uid39).query(Long.class).single()).isZero();

        var voltage = send("PUT", "/BE/OLD/LOC1/3256/1", """
                {"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_1_PHASE",
                 "voltage": "high", "amperage": 16, "last_updated": "2016-01-01T00:00:00Z"}""");
        assertThat(voltage.ocpiStatus()).isEqualTo(2001);
        assertThat(voltage.body()).contains("'voltage'");
        var noAmperage = send("PUT", "/BE/OLD/LOC1/3256/1", """
                {"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_1_PHASE",
                 "voltage": 230, "last_updated": "2016-01-01T00:00:00Z"}""");
        assertThat(noAmperage.ocpiStatus()).isEqualTo(2001);
        assertThat(noAmperage.body()).contains("'amperage'").doesNotContain("max_amperage");
        assertThat(get("/BE/OLD/LOC1/3256/1").json().get("data").get("format").asString()).isEqualTo("CABLE");
    }

    @Test
    void aPullOfThe211SenderStoresTheModelOwnedByThePartnersParty() {
        String id39 = "L".repeat(39);
        old.answering("GET", "/2.1.1/locations", "[" + SPEC_LOCATION + ","
                + SPEC_LOCATION.replace("\"LOC1\"", "\"" + id39 + "\"") + "]");
        String connection = connectionId();
        var sync = api("POST", "/ocpi/2.2.1/locations/sync/" + connection).send();
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        // the 39-character id (allowed by 2.1.1) cannot be stored: that one is skipped, named
        assertThat(sync.body()).contains("size must be between 0 and 36");
        assertThat(jdbc.sql("select count(*) from location").query(Long.class).single()).isEqualTo(1);

        JsonNode model = ocpi("GET", "/ocpi/2.2.1/locations/BE/OLD/LOC1", token).send().json().get("data");
        assertThat(model.get("country_code").asString()).isEqualTo("BE");
        assertThat(model.get("party_id").asString()).isEqualTo("OLD");
        assertThat(model.get("parking_type").asString()).isEqualTo("ON_STREET");
        assertThat(model.get("evses").get(0).get("connectors").get(0).get("max_voltage").asInt()).isEqualTo(220);
        assertThat(jdbc.sql("select count(*) from location where connection_id = ?::uuid and country_code = 'BE'"
                + " and party_id = 'OLD'").param(connection).query(Long.class).single()).isEqualTo(1);
    }

    private String connectionId() {
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if ("OLD".equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no connection of BE/OLD");
    }

    private TestHttp.Response send(String method, String path, String body) {
        return ocpi(method, V211 + path, token).json(body).send();
    }

    private TestHttp.Response get(String path) {
        return ocpi("GET", V211 + path, token).send();
    }
}
