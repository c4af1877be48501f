package com.rollyy.emsp.ocpi.v211;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The time zone invented for a 2.1.1 Location without one (2.1.1 time_zone is optional, ours required). */
class Locations211ZoneTest {

    @Test
    void aOneZoneCountryGetsItsZoneOthersTheWholeHourOfTheirLongitude() {
        assertThat(Locations211.zoneOf(location("BEL", "3.72994"))).isEqualTo("Europe/Brussels");
        assertThat(Locations211.zoneOf(location("USA", "-74.006015"))).isEqualTo("Etc/GMT+5");
        assertThat(Locations211.zoneOf(location("AUS", "151.209296"))).isEqualTo("Etc/GMT-10");
        assertThat(Locations211.zoneOf(location("XXX", "nowhere"))).isNull();
    }

    @Test
    void everyZoneOfTheTableIsKnownToTheJdk() throws Exception {
        var field = Locations211.class.getDeclaredField("ZONES");
        field.setAccessible(true);
        for (Object zone : ((java.util.Map<?, ?>) field.get(null)).values()) {
            assertThat(ZoneId.of((String) zone)).isNotNull();
        }
    }

    private static ObjectNode location(String country, String longitude) {
        ObjectNode location = JsonNodeFactory.instance.objectNode();
        location.put("country", country);
        location.putObject("coordinates").put("latitude", "40.712776").put("longitude", longitude);
        return location;
    }
}
