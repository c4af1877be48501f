package com.rollyy.emsp.locations;

import static com.rollyy.emsp.support.Fixtures.evse;
import static com.rollyy.emsp.support.Fixtures.locationAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * The console map's counts from the in-memory snapshot of the network, its drawn points read live:
 * 600 Locations of the simulated CPO (NL/SIM) around Amsterdam, three of them with a rare status.
 */
class LocationMapSnapshotTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/locations";
    private static final String T = "2026-03-01T10:00:00Z";
    private static final AssetQuery.Filter ALL = new AssetQuery.Filter(null, null, null);
    private static final AssetQuery.Filter INOPERATIVE = new AssetQuery.Filter(Evse.Status.INOPERATIVE, null, null);

    @Autowired
    LocationQueries locations;

    private String token;
    private UUID connection;

    @BeforeEach
    void sixHundredLocations() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
        connection = jdbc.sql("select id from connection").query(UUID.class).single();
        for (int i = 0; i < 3; i++) {
            put("/NL/SIM/RARE" + i, locationAt("NL", "SIM", "RARE" + i, T, "52.3" + i + "000", "4.9" + i + "000",
                    evse("E1", "INOPERATIVE", T), evse("E2", "CHARGING", T)));
        }
        put("/NL/SIM/LOC0", locationAt("NL", "SIM", "LOC0", T, "52.00000", "4.00000", evse("E1", "AVAILABLE", T)));
        // 597 more copies of LOC0 (each with its EVSE) on a grid south-west of Amsterdam
        jdbc.sql("""
                insert into location (country_code, party_id, id, connection_id, doc, last_updated, latitude, longitude,
                                      publish, active)
                select country_code, party_id, 'BULK' || g, connection_id, jsonb_set(doc, '{name}', to_jsonb('Bulk ' || g)),
                       last_updated, 51 + (g % 25) * 0.04, 3.5 + (g / 25) * 0.04, publish, active
                  from location, generate_series(1, 597) g where id = 'LOC0'""").update();
        jdbc.sql("""
                insert into evse (country_code, party_id, location_id, uid, position, listed, doc, status, last_updated)
                select e.country_code, e.party_id, 'BULK' || g, e.uid, e.position, e.listed, e.doc, e.status, e.last_updated
                  from evse e, generate_series(1, 597) g where e.location_id = 'LOC0'""").update();
        locations.reloadMap();
    }

    @Test
    void aRareStatusOverManyLocationsIsDrawnLocationByLocation() {
        var all = locations.map(null, ALL);
        assertThat(all.grouped()).isTrue();
        assertThat(all.points().stream().mapToLong(AssetQuery.MapPoint::count).sum()).isEqualTo(601);

        var rare = locations.map(null, INOPERATIVE);
        assertThat(rare.grouped()).isFalse();
        // a Location's best status: CHARGING before INOPERATIVE
        assertThat(rare.points()).extracting(AssetQuery.MapPoint::label)
                .containsExactly("Station RARE0", "Station RARE1", "Station RARE2");
        assertThat(rare.points()).allSatisfy(p -> {
            assertThat(p.status()).isEqualTo(Evse.Status.CHARGING);
            assertThat(p.count()).isEqualTo(2);
        });
        assertThat(locations.extent(INOPERATIVE)).contains(new AssetQuery.Box(52.30, 4.90, 52.32, 4.92));
        assertThat(locations.map(null, new AssetQuery.Filter(Evse.Status.RESERVED, null, null)).box()).isNull();
        // the table of a rare status: among the Locations the snapshot names, the EVSEs with it
        assertThat(locations.assets(INOPERATIVE, 101, null)).extracting(a -> a.location().id() + "/" + a.evseUid())
                .containsExactly("RARE0/E1", "RARE1/E1", "RARE2/E1");
        assertThat(locations.assets(new AssetQuery.Filter(Evse.Status.AVAILABLE, null, null), 101, null)).hasSize(101);
    }

    @Test
    void aStatusChangeIsDrawnAtOnceAndCountedAfterTheRefresh() {
        var countedAt = locations.map(null, INOPERATIVE).countedAt();
        assertThat(patch("/NL/SIM/RARE1/E1", "{\"status\":\"AVAILABLE\",\"last_updated\":\"2026-03-01T11:00:00Z\"}")
                .status()).isEqualTo(200);

        // drawn points are read live: RARE1 is no longer INOPERATIVE, and now AVAILABLE at best
        var rare = locations.map(null, INOPERATIVE);
        assertThat(rare.countedAt()).isEqualTo(countedAt);
        assertThat(rare.points()).extracting(AssetQuery.MapPoint::label).containsExactly("Station RARE0", "Station RARE2");
        assertThat(locations.assets(INOPERATIVE, 101, null)).extracting(a -> a.location().id())
                .containsExactly("RARE0", "RARE2");
        var nearRare1 = new AssetQuery.Box(52.305, 4.905, 52.315, 4.915);
        assertThat(locations.map(nearRare1, ALL).points()).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo(Evse.Status.AVAILABLE));
        // the counts are of the snapshot: the extent of INOPERATIVE still holds RARE1 until it is counted again
        assertThat(locations.extent(INOPERATIVE)).contains(new AssetQuery.Box(52.30, 4.90, 52.32, 4.92));

        locations.reloadMap();
        assertThat(locations.extent(INOPERATIVE)).contains(new AssetQuery.Box(52.30, 4.90, 52.32, 4.92));
        assertThat(patch("/NL/SIM/RARE2/E1", "{\"status\":\"AVAILABLE\",\"last_updated\":\"2026-03-01T11:00:00Z\"}")
                .status()).isEqualTo(200);
        locations.reloadMap();
        assertThat(locations.extent(INOPERATIVE)).contains(new AssetQuery.Box(52.30, 4.90, 52.30, 4.90));
        assertThat(locations.map(null, INOPERATIVE).countedAt()).isAfter(countedAt);
    }

    @Test
    void countryAndConnectionFiltersAndAnInactiveConnectionsLocations() throws Exception {
        try (var other = CpoSimulator.start(SimulatorConfig.defaults().withCountryCode("BE").withPartyId("ABC"))) {
            other.registerWith(versionsUrl(), invite());
            var response = TestHttp.request("PUT", url(BASE + "/BE/ABC/ANTWERP")).token(other.tokenForEmsp())
                    .json(locationAt("BE", "ABC", "ANTWERP", T, "51.21000", "4.40000", evse("E1", "AVAILABLE", T))).send();
            assertThat(response.status()).isEqualTo(201);
            UUID belgian = jdbc.sql("select id from connection where id <> ?").param(connection).query(UUID.class).single();

            // a connection registered after the snapshot makes the next view count again
            var belgium = locations.map(null, new AssetQuery.Filter(null, "BE", null));
            assertThat(belgium.points()).extracting(AssetQuery.MapPoint::label).containsExactly("Station ANTWERP");
            assertThat(locations.map(null, new AssetQuery.Filter(null, null, belgian)).points())
                    .extracting(AssetQuery.MapPoint::label).containsExactly("Station ANTWERP");
            assertThat(locations.map(null, new AssetQuery.Filter(null, "NL", belgian)).box()).isNull();
            assertThat(sum(locations.map(null, new AssetQuery.Filter(null, "NL", null)))).isEqualTo(601);
            assertThat(sum(locations.map(null, ALL))).isEqualTo(602);

            // unregistered: its Locations leave the map of active connections at once; asked for, drawn as unknown
            assertThat(api("DELETE", "/ocpi/connections/" + belgian).send().status()).isEqualTo(200);
            assertThat(sum(locations.map(null, ALL))).isEqualTo(601);
            assertThat(locations.map(null, new AssetQuery.Filter(null, "BE", null)).box()).isNull();
            assertThat(locations.map(null, new AssetQuery.Filter(null, null, belgian)).points()).singleElement()
                    .satisfies(p -> assertThat(p.status()).isEqualTo(Evse.Status.UNKNOWN));
        }
    }

    @Test
    void theSnapshotIsCompactAndAPageWarmsItInTheBackground() throws Exception {
        var info = locations.reloadMap();
        assertThat(info.locations()).isEqualTo(601);
        // parallel arrays, not an object per Location: well under 100 bytes each
        assertThat(info.approximateBytes()).isLessThan(601 * 100L);
        locations.forgetMap();
        locations.warmMap(); // returns at once; the load runs on its own thread
        long deadline = System.currentTimeMillis() + 10_000;
        while (!locations.mapKept() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(locations.mapKept()).isTrue();
    }

    private static long sum(AssetQuery.MapData map) {
        return map.points().stream().mapToLong(p -> p.status() == null ? p.count() : 1).sum();
    }

    private void put(String path, String body) {
        var response = TestHttp.request("PUT", url(BASE + path)).token(token).json(body).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private TestHttp.Response patch(String path, String body) {
        return TestHttp.request("PATCH", url(BASE + path)).token(token).json(body).send();
    }
}
