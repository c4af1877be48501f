package com.rollyy.emsp.locations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeVersionedCpo;

/**
 * Locations from a CPO on OCPI 2.3.0 (tag v2.3.0-ed2 examples/location_example.json, its party
 * changed to the CPO's): pushed to /ocpi/2.3.0/locations, served back there, and pulled from the
 * CPO. What the 2.2.1 model cannot hold (Parking objects, EVSE parking references, connector
 * capabilities, help_phone, accepted_service_providers) is dropped; open enum values are mapped to
 * the nearest or dropped (docs/ocpi-conformance.md, "2.3.0 locations, sessions, CDRs and tariffs").
 */
class Locations230Test extends EmspIntegrationTest {

    /** examples/location_example.json of v2.3.0-ed2, party BE/OLD, with the other 2.3.0 additions. */
    static final String LOCATION = """
            {"country_code":"BE","party_id":"OLD","id":"LOC1","publish":true,"name":"Gent Zuid",
             "address":"F.Rooseveltlaan 3A","city":"Gent","postal_code":"9000","country":"BEL",
             "coordinates":{"latitude":"51.047599","longitude":"3.729944"},"parking_type":"PARKING_GARAGE",
             "help_phone":"+3212345678","facilities":["CAFE","CHARGING_HUB_LOUNGE"],
             "evses":[{"uid":"3256","evse_id":"BE*BEC*E041503001","status":"AVAILABLE","capabilities":["RESERVABLE","SOLAR_POWERED"],
               "connectors":[{"id":"1","standard":"IEC_62196_T2","format":"CABLE","power_type":"AC_3_PHASE",
                 "max_voltage":220,"max_amperage":16,"tariff_ids":["11"],"capabilities":["ISO_15118_2_PLUG_AND_CHARGE"],
                 "last_updated":"2015-03-16T10:10:02Z"},
                {"id":"2","standard":"SAE_J3400","format":"SOCKET","power_type":"DC","max_voltage":400,
                 "max_amperage":250,"tariff_ids":["13"],"last_updated":"2015-03-18T08:12:01Z"},
                {"id":"3","standard":"MCS","format":"CABLE","power_type":"DC","max_voltage":1000,
                 "max_amperage":3000,"last_updated":"2015-03-18T08:12:01Z"}],
               "parking":[{"parking_id":"1","evse_position":"LEFT"},{"parking_id":"2","evse_position":"RIGHT"}],
               "parking_restrictions":["EMPLOYEES","TAXIS","EV_ONLY"],"accepted_service_providers":["Rollyy"],
               "physical_reference":"1","floor_level":"-1","last_updated":"2015-06-28T08:12:01Z"},
              {"uid":"3257","evse_id":"BE*BEC*E041503002","status":"RESERVED","capabilities":["RESERVABLE"],
               "connectors":[{"id":"1","standard":"MCS","format":"CABLE","power_type":"DC","max_voltage":1000,
                 "max_amperage":3000,"tariff_ids":["12"],"last_updated":"2015-06-29T20:39:09Z"}],
               "parking":[{"parking_id":"2","evse_position":"LEFT"},{"parking_id":"3","evse_position":"RIGHT"}],
               "physical_reference":"2","floor_level":"-2","last_updated":"2015-06-29T20:39:09Z"}],
             "parking_places":[{"id":"1","physical_reference":"B1","vehicle_types":["PERSONAL_VEHICLE"],
                 "reservation_required":false,"restricted_to_type":true},
               {"id":"2","physical_reference":"B2","vehicle_types":["PERSONAL_VEHICLE"],"reservation_required":false,
                 "restricted_to_type":true},
               {"id":"3","physical_reference":"B3","vehicle_types":["PERSONAL_VEHICLE"],"reservation_required":false,
                 "restricted_to_type":true}],
             "operator":{"name":"BeCharged"},"time_zone":"Europe/Brussels","last_updated":"2015-06-29T20:39:09Z"}""";

    private FakeVersionedCpo cpo230;
    private String token;

    @BeforeEach
    void registered230Cpo() {
        cpo230 = FakeVersionedCpo.offering("2.3.0");
        token = register230(cpo230);
    }

    @AfterEach
    void closeCpo() {
        cpo230.close();
    }

    @Test
    void aPushedLocationKeepsWhatTheModelHoldsAndIsServedBackIn230() {
        var put = ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1", token).json(LOCATION).send();
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().get("status_code").asInt()).isEqualTo(1000);

        JsonNode served = ocpi("GET", "/ocpi/2.3.0/locations/BE/OLD/LOC1", token).send().json().get("data");
        assertThat(served.has("parking_places")).as("no place for Parking objects in the model").isFalse();
        assertThat(served.has("help_phone")).isFalse();
        assertThat(served.get("facilities").toString()).isEqualTo("[\"CAFE\"]");
        assertThat(served.get("parking_type").asString()).isEqualTo("PARKING_GARAGE");
        // the EVSE whose only connector is MCS is dropped; the MCS connector of the other one too
        assertThat(served.get("evses")).hasSize(1);
        JsonNode evse = served.get("evses").get(0);
        assertThat(evse.get("uid").asString()).isEqualTo("3256");
        assertThat(evse.has("parking")).isFalse();
        assertThat(evse.has("accepted_service_providers")).isFalse();
        assertThat(evse.get("capabilities").toString()).isEqualTo("[\"RESERVABLE\"]");
        assertThat(evse.get("parking_restrictions").toString()).isEqualTo("[\"CUSTOMERS\",\"EV_ONLY\"]");
        assertThat(evse.get("connectors").findValuesAsString("id")).containsExactly("1", "2");
        assertThat(evse.get("connectors").get(0).has("capabilities")).isFalse();
        assertThat(evse.get("connectors").get(1).get("standard").asString()).isEqualTo("TESLA_S");

        // the same object for the product: one charging asset
        var assets = api("GET", "/v1/charging-assets").send().json();
        assertThat(assets.findValuesAsString("evse_uid")).containsExactly("3256");
    }

    @Test
    void evseAndConnectorPushesAndWhatIsRefused() {
        ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1", token).json(LOCATION).send();
        // an EVSE PATCH with a 2.3.0 field: the field is dropped, the rest applied
        var patch = ocpi("PATCH", "/ocpi/2.3.0/locations/BE/OLD/LOC1/3256", token).json("""
                {"status":"CHARGING","parking":[{"parking_id":"3"}],"parking_restrictions":["TENANTS"],
                 "last_updated":"2015-07-01T10:00:00Z"}""").send();
        assertThat(patch.json().get("status_code").asInt()).as(patch.body()).isEqualTo(1000);
        JsonNode evse = ocpi("GET", "/ocpi/2.3.0/locations/BE/OLD/LOC1/3256", token).send().json().get("data");
        assertThat(evse.get("status").asString()).isEqualTo("CHARGING");
        assertThat(evse.get("parking_restrictions").toString()).isEqualTo("[\"CUSTOMERS\"]");

        // a connector PUT with a SAE J3400 plug is stored as TESLA_S
        var j3400 = ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1/3256/4", token).json("""
                {"id":"4","standard":"SAE_J3400","format":"CABLE","power_type":"DC","max_voltage":400,
                 "max_amperage":250,"capabilities":["ISO_15118_20_PLUG_AND_CHARGE"],
                 "last_updated":"2015-07-01T11:00:00Z"}""").send();
        assertThat(j3400.json().get("status_code").asInt()).as(j3400.body()).isEqualTo(1000);
        assertThat(ocpi("GET", "/ocpi/2.3.0/locations/BE/OLD/LOC1/3256/4", token).send().json()
                .get("data").get("standard").asString()).isEqualTo("TESLA_S");

        // a connector PUT with a standard the model has no place for: 2001 naming the field, nothing stored
        var mcs = ocpi("PUT", "/ocpi/2.3.0/locations/BE/OLD/LOC1/3256/5", token).json("""
                {"id":"5","standard":"MCS","format":"CABLE","power_type":"DC","max_voltage":1000,
                 "max_amperage":3000,"last_updated":"2015-07-01T11:00:00Z"}""").send();
        assertThat(mcs.json().get("status_code").asInt()).as(mcs.body()).isEqualTo(2001);
        assertThat(mcs.json().get("status_message").asString()).contains("standard");
        assertThat(ocpi("GET", "/ocpi/2.3.0/locations/BE/OLD/LOC1/3256/5", token).send().status()).isEqualTo(404);
    }

    @Test
    void locationsPulledFromA230CpoAreTranslatedToo() {
        cpo230.answering("GET", "/2.3.0/locations", "[" + LOCATION.replace("\"LOC1\"", "\"LOC2\"") + "]");
        String connection = connectionId();
        var pull = api("POST", "/ocpi/2.2.1/locations/sync/" + connection).send();
        assertThat(pull.status()).as(pull.body()).isEqualTo(200);

        JsonNode served = ocpi("GET", "/ocpi/2.3.0/locations/BE/OLD/LOC2", token).send().json().get("data");
        assertThat(served.get("evses")).hasSize(1);
        assertThat(served.get("evses").get(0).get("connectors").get(1).get("standard").asString()).isEqualTo("TESLA_S");
        assertThat(served.has("parking_places")).isFalse();
    }

    private String connectionId() {
        for (JsonNode c : api("GET", "/ocpi/connections").send().json()) {
            if ("OLD".equals(c.path("party_id").asString("")) && "active".equals(c.path("status").asString(""))) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no connection");
    }

    /** A CPO registers with us on 2.3.0 (credentials POST on our 2.3.0 endpoint); returns our token C. */
    private String register230(FakeVersionedCpo fake) {
        var registered = ocpi("POST", "/ocpi/2.3.0/credentials", invite()).json("""
                {"token":"b-token-230","url":"%s","roles":[{"role":"CPO","business_details":{"name":"CPO 2.3.0"},
                 "party_id":"OLD","country_code":"BE"}]}""".formatted(fake.versionsUrl())).send();
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        return registered.json().get("data").get("token").asString();
    }
}
