package com.rollyy.emsp.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * Pulled objects are read as strictly as pushed ones: a number is no enum (Jackson would take it
 * as the ordinal), a fraction or a string is no int, 1 is no boolean. Each such object is
 * rejected with the field named; the others are stored.
 */
class PulledTypesTest extends EmspIntegrationTest {

    private static String idOf(String json) {
        return json.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    }

    private void serve(int index, String generated, String hostile) {
        assertThat(hostile).as("the test changed Location " + index + ": " + generated).isNotEqualTo(generated);
        cpo.serveRawLocation(index, hostile);
    }

    @Test
    void aPulledLocationWithANumberForAnEnumOrAFractionForAnIntIsRejectedNamingTheField() {
        String connectionId = registerWithSimulator();
        assertThat(api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId).send().status()).isEqualTo(200);
        String before = jdbc.sql("select string_agg(status || uid, ',' order by uid) from evse where location_id = ?")
                .param(cpo.locationJson(1).replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1")).query(String.class)
                .single();
        String one = cpo.locationJson(1);
        serve(1, one, one.replaceFirst("\"status\":\"[A-Z]+\"", "\"status\":5"));
        String two = cpo.locationJson(2);
        serve(2, two, two.replaceFirst("\"max_voltage\":(\\d+)", "\"max_voltage\":$1.5"));
        String three = cpo.locationJson(3);
        serve(3, three, three.replaceFirst("\"publish\":true", "\"publish\":1"));
        assertThat(cpo.locationJson(1)).contains("\"status\":5");

        var pulled = api("POST", "/ocpi/2.2.1/locations/sync/" + connectionId + "?full=true").send();

        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        var body = pulled.json();
        assertThat(body.get("rejected").asInt()).isEqualTo(3);
        var reasons = new ArrayList<String>();
        for (JsonNode rejection : body.get("rejections")) {
            reasons.add(rejection.toString());
        }
        assertThat(reasons).anyMatch(r -> r.contains("status")).anyMatch(r -> r.contains("max_voltage"))
                .anyMatch(r -> r.contains("publish"));
        String rejectedId = one.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        assertThat(jdbc.sql("select string_agg(status || uid, ',' order by uid) from evse where location_id = ?")
                .param(rejectedId).query(String.class).single())
                .as("the EVSE status is not some ordinal's status: the stored copy is kept as it was").isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from location where active and id in (?, ?, ?)")
                .params(rejectedId, idOf(cpo.locationJson(2)), idOf(cpo.locationJson(3))).query(Long.class).single())
                .as("a full pull that rejected objects retires none of them").isEqualTo(3);
    }
}
