package com.rollyy.emsp.locations;

import static com.rollyy.emsp.support.Fixtures.evse;
import static com.rollyy.emsp.support.Fixtures.locationAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** GET /ocpi/2.2.1/locations (paginated, the test profile caps pages at 5) and /v1/charging-assets. */
class LocationsListAndAssetsTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/locations";

    private String token;

    @BeforeEach
    void sevenLocations() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
        // LOC0 in central Amsterdam, each next one about 1.1 km further north; LOC3 is charging
        for (int i = 0; i < 7; i++) {
            String lat = String.format("%.5f", 52.37 + i * 0.01);
            String lastUpdated = "2026-03-01T10:0" + i + ":00Z";
            String body = locationAt("NL", "SIM", "LOC" + i, lastUpdated, lat, "4.89000",
                    evse("E1", i == 3 ? "CHARGING" : "AVAILABLE", lastUpdated));
            var response = TestHttp.request("PUT", url(BASE + "/NL/SIM/LOC" + i)).token(token).json(body).send();
            assertThat(response.status()).isEqualTo(201);
        }
    }

    @Test
    void pagesFollowTheSpec() {
        var first = api("GET", BASE).send();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("data").size()).isEqualTo(5);
        assertThat(first.header("X-Total-Count")).isEqualTo("7");
        assertThat(first.header("X-Limit")).isEqualTo("5");
        assertThat(first.header("Link")).contains("offset=5&limit=5").contains("rel=\"next\"");
        assertThat(first.json().get("data").get(0).get("evses").get(0).get("uid").asString()).isEqualTo("E1");

        var last = api("GET", BASE + "?offset=5").send();
        assertThat(ids(last)).containsExactly("LOC5", "LOC6");
        assertThat(last.header("Link")).isNull();

        var beyond = api("GET", BASE + "?offset=10").send();
        assertThat(beyond.json().get("data").size()).isZero();
        assertThat(beyond.header("X-Total-Count")).isEqualTo("7");
        assertThat(beyond.header("Link")).isNull();

        var capped = api("GET", BASE + "?limit=1000").send();
        assertThat(capped.json().get("data").size()).isEqualTo(5);

        var window = api("GET", BASE + "?date_from=2026-03-01T10:02:00Z&date_to=2026-03-01T10:04:00Z").send();
        assertThat(ids(window)).containsExactly("LOC2", "LOC3");
        assertThat(window.header("X-Total-Count")).isEqualTo("2");

        assertThat(api("GET", BASE + "?limit=-1").send().ocpiStatus()).isEqualTo(2001);
    }

    @Test
    void anOcpiPeerSeesOnlyItsOwnLocations() throws Exception {
        assertThat(TestHttp.request("GET", url(BASE)).token(token).send().header("X-Total-Count")).isEqualTo("7");
        try (var other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("ABC"))) {
            other.registerWith(versionsUrl(), invite());
            var response = TestHttp.request("GET", url(BASE)).token(other.tokenForEmsp()).send();
            assertThat(response.header("X-Total-Count")).isEqualTo("0");
        }
        assertThat(TestHttp.request("GET", url(BASE)).send().status()).isEqualTo(401);
    }

    @Test
    void assetsNearAPointNearestFirst() {
        var near = api("GET", "/v1/charging-assets?near=52.37,4.89&radius_km=3.5").send();
        assertThat(near.status()).isEqualTo(200);
        var locations = new ArrayList<String>();
        near.json().forEach(a -> locations.add(a.get("location").get("id").asString()));
        assertThat(locations).containsExactly("LOC0", "LOC1", "LOC2", "LOC3");
        var first = near.json().get(0);
        assertThat(first.get("distance_km").asDouble()).isLessThan(0.01);
        assertThat(first.get("asset_id").asString()).hasSize(36);
        assertThat(first.get("max_power_kw").asDouble()).isEqualTo(11.0);
        assertThat(first.get("connector_types").get(0).asString()).isEqualTo("IEC_62196_T2");
        assertThat(first.get("tariff_ids").get(0).asString()).isEqualTo("T1");
        assertThat(near.json().get(1).get("distance_km").asDouble()).isBetween(1.0, 1.2);

        var available = api("GET", "/v1/charging-assets?near=52.37,4.89&radius_km=3.5&available=true").send();
        assertThat(available.json().size()).isEqualTo(3);

        assertThat(api("GET", "/v1/charging-assets?near=north").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/charging-assets?near=95,4").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/charging-assets?near=52,4&radius_km=0").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/charging-assets?limit=0").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/charging-assets").send().json().size()).isEqualTo(7);
        assertThat(TestHttp.request("GET", url("/v1/charging-assets")).send().status()).isEqualTo(401);
    }

    private static List<String> ids(TestHttp.Response response) {
        var ids = new ArrayList<String>();
        response.json().get("data").forEach(l -> ids.add(l.get("id").asString()));
        return ids;
    }
}
