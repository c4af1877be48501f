package com.rollyy.cposim.locations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.core.JsonGenerator;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.cposim.TestHttp;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;

/** The generated Locations and Tariffs: deterministic, and valid OCPI 2.2.1 objects. */
class DatasetTest {

    private static final Set<String> CAPABILITIES = Set.of("CHARGING_PROFILE_CAPABLE",
            "CHARGING_PREFERENCES_CAPABLE", "CHIP_CARD_SUPPORT", "CONTACTLESS_CARD_SUPPORT", "CREDIT_CARD_PAYABLE",
            "DEBIT_CARD_PAYABLE", "PED_TERMINAL", "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "RFID_READER",
            "START_SESSION_CONNECTOR_REQUIRED", "TOKEN_GROUP_CAPABLE", "UNLOCK_CAPABLE");
    private static final Set<String> PARKING_TYPES = Set.of("ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT",
            "ON_DRIVEWAY", "ON_STREET", "UNDERGROUND_GARAGE");
    private static final String DATE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z";
    private static final String HH_MM = "([0-1][0-9]|2[0-3]):[0-5][0-9]";

    private static Dataset dataset(SimulatorConfig config) {
        return new Dataset(config);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        return TestHttp.JSON.readValue(json, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void sameConfigGivesByteIdenticalJsonAndAnotherSeedDoesNot() {
        SimulatorConfig config = SimulatorConfig.defaults().withLocationCount(2000).withEvsesPerLocation(4)
                .withTariffCount(7).withDatasetSeed(99);
        Dataset first = dataset(config);
        Dataset second = dataset(config);
        Dataset otherSeed = dataset(config.withDatasetSeed(100));

        for (int index : new int[] {1, 2, 999, 2000}) {
            assertThat(first.locationJson(index)).isEqualTo(second.locationJson(index));
            assertThat(first.locationJson(index)).isNotEqualTo(otherSeed.locationJson(index));
        }
        for (int index = 1; index <= 7; index++) {
            assertThat(first.tariffJson(index)).isEqualTo(second.tariffJson(index));
        }
        // the ids and timestamps do not depend on the seed, the contents do
        assertThat(parse(otherSeed.locationJson(5))).containsEntry("id", "LOC000005")
                .containsEntry("last_updated", "2026-01-01T00:05:00Z");
    }

    @Test
    void simulatorsWithTheSameConfigServeTheSameObjects() {
        SimulatorConfig config = SimulatorConfig.defaults().withPartyId("ABC").withCountryCode("BE");
        try (CpoSimulator a = CpoSimulator.start(config); CpoSimulator b = CpoSimulator.start(config)) {
            assertThat(a.locationJson(3)).isEqualTo(b.locationJson(3));
            assertThat(a.evseJson(3, 2)).isEqualTo(b.evseJson(3, 2));
            assertThat(a.tariffJson(1)).isEqualTo(b.tariffJson(1));
            assertThat(parse(a.locationJson(3))).containsEntry("country_code", "BE").containsEntry("party_id", "ABC");
            assertThat(parse(a.evseJson(3, 2))).containsEntry("evse_id", "BE*ABC*E3*2");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void locationsAreCompleteAndValid() {
        int count = 600;
        Dataset data = dataset(SimulatorConfig.defaults().withLocationCount(count));
        Map<String, Integer> statuses = new HashMap<>();
        Set<String> standards = new HashSet<>();
        Set<String> powerTypes = new HashSet<>();
        int connectorRequired = 0;
        int twoConnectors = 0;

        for (int index = 1; index <= count; index++) {
            Map<String, Object> location = parse(data.locationJson(index));
            String id = String.format("LOC%06d", index);
            assertThat(location).containsEntry("country_code", "NL").containsEntry("party_id", "SIM")
                    .containsEntry("id", id).containsEntry("publish", true).containsEntry("country", "NLD")
                    .containsEntry("time_zone", "Europe/Amsterdam")
                    .containsEntry("last_updated", Dataset.baseLocationLastUpdated(index).toString());
            assertThat((String) location.get("name")).isNotBlank().hasSizeLessThanOrEqualTo(255);
            assertThat((String) location.get("address")).isNotBlank().hasSizeLessThanOrEqualTo(45);
            assertThat((String) location.get("city")).isNotBlank().hasSizeLessThanOrEqualTo(45);
            assertThat((String) location.get("postal_code")).matches("\\d{4} [A-Z]{2}");
            assertThat(PARKING_TYPES).contains((String) location.get("parking_type"));
            assertThat(object(location.get("operator"))).containsEntry("name", "Rollyy CPO Simulator");
            assertThat(object(location.get("opening_times"))).containsKey("twentyfourseven");

            Map<String, Object> coordinates = object(location.get("coordinates"));
            String latitude = (String) coordinates.get("latitude");
            String longitude = (String) coordinates.get("longitude");
            assertThat(latitude).matches("-?[0-9]{1,2}\\.[0-9]{6}");
            assertThat(longitude).matches("-?[0-9]{1,3}\\.[0-9]{6}");
            assertThat(Double.parseDouble(latitude)).isBetween(50.75, 53.55);
            assertThat(Double.parseDouble(longitude)).isBetween(3.35, 7.20);

            List<Map<String, Object>> evses = list(location.get("evses"));
            assertThat(evses).hasSize(3);
            for (int n = 1; n <= 3; n++) {
                Map<String, Object> evse = evses.get(n - 1);
                assertThat(evse).containsEntry("uid", id + "-E" + n)
                        .containsEntry("evse_id", "NL*SIM*E" + index + "*" + n)
                        .containsEntry("last_updated", location.get("last_updated"));
                assertThat((String) evse.get("evse_id")).matches("[A-Z]{2}\\*?[A-Z0-9]{3}\\*?E[A-Z0-9*]{1,30}");
                statuses.merge((String) evse.get("status"), 1, Integer::sum);
                List<String> capabilities = (List<String>) evse.get("capabilities");
                assertThat(CAPABILITIES).containsAll(capabilities);
                List<Map<String, Object>> connectors = list(evse.get("connectors"));
                assertThat(connectors).hasSizeBetween(1, 2);
                if (connectors.size() == 2) {
                    twoConnectors++;
                }
                if (capabilities.contains("START_SESSION_CONNECTOR_REQUIRED")) {
                    connectorRequired++;
                }
                Set<String> tariffTypes = new HashSet<>();
                for (int c = 0; c < connectors.size(); c++) {
                    Map<String, Object> connector = connectors.get(c);
                    assertThat(connector).containsEntry("id", Integer.toString(c + 1))
                            .containsKeys("max_voltage", "max_amperage", "max_electric_power")
                            .containsEntry("last_updated", location.get("last_updated"));
                    standards.add((String) connector.get("standard"));
                    powerTypes.add((String) connector.get("power_type"));
                    assertThat(connector.get("format")).isIn("SOCKET", "CABLE");
                    int volts = (Integer) connector.get("max_voltage");
                    int amperes = (Integer) connector.get("max_amperage");
                    int watts = (Integer) connector.get("max_electric_power");
                    int phases = "AC_3_PHASE".equals(connector.get("power_type")) ? 3 : 1;
                    assertThat(watts).isPositive().isLessThanOrEqualTo(phases * volts * amperes);
                    tariffTypes.clear();
                    for (String tariffId : (List<String>) connector.get("tariff_ids")) {
                        int tariff = Integer.parseInt(tariffId.substring("TARIFF".length()));
                        assertThat(tariff).isBetween(1, 3);
                        // at most one tariff per TariffType on a connector
                        assertThat(tariffTypes.add((String) parse(data.tariffJson(tariff)).get("type"))).isTrue();
                    }
                }
            }
        }
        assertThat(statuses.keySet()).containsExactlyInAnyOrder("AVAILABLE", "CHARGING", "OUTOFORDER");
        assertThat(statuses.get("AVAILABLE")).isGreaterThan(count * 3 / 2);
        assertThat(standards).containsExactlyInAnyOrder("IEC_62196_T2", "IEC_62196_T2_COMBO");
        assertThat(powerTypes).containsExactlyInAnyOrder("AC_3_PHASE", "DC");
        assertThat(connectorRequired).isPositive().isEqualTo(twoConnectors);
    }

    @Test
    void tariffsAreCompleteAndValid() {
        Dataset data = dataset(SimulatorConfig.defaults().withTariffCount(9));
        Set<String> dimensions = new HashSet<>();
        Set<String> types = new HashSet<>();
        Set<String> restrictionKeys = new HashSet<>();

        for (int index = 1; index <= 9; index++) {
            Map<String, Object> tariff = parse(data.tariffJson(index));
            assertThat(tariff).containsEntry("country_code", "NL").containsEntry("party_id", "SIM")
                    .containsEntry("id", "TARIFF" + index).containsEntry("currency", "EUR");
            assertThat((String) tariff.get("last_updated")).matches(DATE_TIME);
            types.add((String) tariff.get("type"));
            List<Map<String, Object>> elements = list(tariff.get("elements"));
            assertThat(elements).isNotEmpty();
            for (Map<String, Object> element : elements) {
                List<Map<String, Object>> components = list(element.get("price_components"));
                assertThat(components).isNotEmpty();
                for (Map<String, Object> component : components) {
                    dimensions.add((String) component.get("type"));
                    assertThat(((Number) component.get("price")).doubleValue()).isBetween(0.0, 10.0);
                    assertThat(((Number) component.get("vat")).doubleValue()).isEqualTo(21.0);
                    assertThat((Integer) component.get("step_size")).isPositive();
                }
                if (element.get("restrictions") != null) {
                    Map<String, Object> restrictions = object(element.get("restrictions"));
                    restrictionKeys.addAll(restrictions.keySet());
                    for (String key : List.of("start_time", "end_time")) {
                        if (restrictions.containsKey(key)) {
                            assertThat((String) restrictions.get(key)).matches(HH_MM);
                        }
                    }
                }
            }
        }
        assertThat(dimensions).containsExactlyInAnyOrder("ENERGY", "TIME", "PARKING_TIME", "FLAT");
        assertThat(types).containsExactlyInAnyOrder("REGULAR", "AD_HOC_PAYMENT");
        assertThat(restrictionKeys).contains("start_time", "end_time", "day_of_week", "max_power");
    }

    @Test
    void withoutTariffsConnectorsHaveNoTariffIds() {
        Dataset data = dataset(SimulatorConfig.defaults().withTariffCount(0).withEvsesPerLocation(1));

        assertThat(data.locationJson(1)).doesNotContain("tariff_ids");
        assertThatThrownBy(() -> data.tariffJson(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordedChangesShowUpInTheJson() {
        Dataset data = dataset(SimulatorConfig.defaults());
        Instant touched = Instant.parse("2026-03-01T12:00:00.123456Z");
        Instant charging = Instant.parse("2026-03-02T08:30:00Z");

        data.touchLocation(4, touched);
        data.setEvseStatus(6, 2, "BLOCKED", charging);

        assertThat(parse(data.locationJson(4))).containsEntry("last_updated", "2026-03-01T12:00:00.123Z");
        Map<String, Object> six = parse(data.locationJson(6));
        assertThat(six).containsEntry("last_updated", "2026-03-02T08:30:00Z");
        assertThat(list(six.get("evses")).get(1)).containsEntry("status", "BLOCKED")
                .containsEntry("last_updated", "2026-03-02T08:30:00Z");
        assertThat(list(six.get("evses")).get(0)).containsEntry("last_updated", "2026-01-01T00:06:00Z");
        assertThat(parse(data.evseJson(6, 2))).containsEntry("status", "BLOCKED");
        assertThat(data.changedLocations()).containsOnlyKeys(4, 6);

        // touching again keeps the EVSE change
        data.touchLocation(6, touched);
        assertThat(parse(data.evseJson(6, 2))).containsEntry("status", "BLOCKED");
        assertThat(parse(data.locationJson(6))).containsEntry("last_updated", "2026-03-01T12:00:00.123Z");
    }

    @Test
    void badIndicesAndStatusesAreRefused() {
        Dataset data = dataset(SimulatorConfig.defaults());
        Instant now = Instant.now();

        assertThatThrownBy(() -> data.locationJson(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.locationJson(11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.evseJson(1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.touchLocation(11, now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.setEvseStatus(1, 1, "BUSY", now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.touchLocation(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SimulatorConfig.defaults().withEvsesPerLocation(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorConfig.defaults().withLocationCount(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreParsedCaseInsensitivelyAndStrictly() {
        Dataset data = dataset(SimulatorConfig.defaults().withLocationCount(1_234_567));

        assertThat(Dataset.locationId(1_234_567)).isEqualTo("LOC1234567");
        assertThat(data.locationIndex("LOC000010")).hasValue(10);
        assertThat(data.locationIndex("loc000010")).hasValue(10);
        assertThat(data.locationIndex("LOC1234567")).hasValue(1_234_567);
        assertThat(data.locationIndex("LOC10")).isEmpty();
        assertThat(data.locationIndex("LOC000000")).isEmpty();
        assertThat(data.locationIndex("LOC1234568")).isEmpty();
        assertThat(data.evseNumber(10, "LOC000010-E3")).hasValue(3);
        assertThat(data.evseNumber(10, "loc000010-e1")).hasValue(1);
        assertThat(data.evseNumber(10, "LOC000011-E1")).isEmpty();
        assertThat(data.evseNumber(10, "LOC000010-E4")).isEmpty();
        assertThat(data.connectorNumber(10, 1, "1")).hasValue(1);
        assertThat(data.connectorNumber(10, 1, "01")).isEmpty();
    }

    /** Not an assertion on speed (that would be flaky on a busy machine): it logs what a page costs. */
    @Test
    void aPageOfAThousandLocationsSerializesQuickly() {
        Dataset data = dataset(SimulatorConfig.defaults().withLocationCount(100_000));
        List<String> timings = new ArrayList<>();
        int bytes = 0;
        for (int round = 0; round < 6; round++) {
            int first = 1 + round * 1000;
            ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);
            long started = System.nanoTime();
            try (JsonGenerator g = Json.generator(out)) {
                OcpiEnvelope.writeSuccess(g, page -> {
                    page.writeStartArray();
                    for (int index = first; index < first + 1000; index++) {
                        data.writeLocation(page, index);
                    }
                    page.writeEndArray();
                });
            }
            timings.add(String.format("%.1f ms", (System.nanoTime() - started) / 1e6));
            bytes = out.size();
        }
        System.out.println("[timing] 1000 locations x 3 EVSEs, " + bytes / 1024 + " KiB per page: " + timings);
        assertThat(bytes).isGreaterThan(1_000_000);
    }
}
