package com.rollyy.cposim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CpoSimulatorMainTest {

    private static final List<String> KEYS = List.of("SIM_OCPI_VERSION", "SIM_PORT", "SIM_TOKEN_A", "SIM_PUBLIC_URL", "SIM_BIND",
            "SIM_PARTY_ID", "SIM_LOCATIONS", "SIM_EVSES_PER_LOCATION", "SIM_TARIFFS", "SIM_DATASET_SEED",
            "SIM_MAX_PAGE_SIZE", "SIM_COMMAND_BEHAVIOUR", "SIM_SESSION_UPDATES", "SIM_AUTO_CYCLE", "SIM_AUTO_UPDATES",
            "SIM_UPDATE_INTERVAL_MILLIS", "SIM_AUTO_STOP_AFTER_MILLIS", "SIM_AUTO_POWER_KW",
            "SIM_SENDER_FAULT", "SIM_SENDER_FAULT_AFTER", "SIM_SENDER_FAULT_TIMES", "SIM_SENDER_FAULT_MODULES",
            "SIM_RETRY_AFTER_SECONDS", "SIM_SLOW_MILLIS");

    @AfterEach
    void clear() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void defaultsAdvertiseLocalhostOnTheDefaultPort() {
        SimulatorConfig config = CpoSimulatorMain.configFromEnvironment();

        // the environment of a build machine could set these too; only assert when it does not
        if (System.getenv("SIM_PORT") == null && System.getenv("SIM_PUBLIC_URL") == null
                && System.getenv("SIM_BIND") == null) {
            assertThat(config.port()).isEqualTo(9090);
            assertThat(config.publicUrl()).isEqualTo("http://localhost:9090");
            assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void theOcpiVersionComesFromSimOcpiVersionAndTheFlagWins() {
        System.setProperty("SIM_OCPI_VERSION", "2.3.0");
        assertThat(CpoSimulatorMain.configFromEnvironment().ocpiVersion()).isEqualTo("2.3.0");
        assertThat(CpoSimulatorMain.withArguments(CpoSimulatorMain.configFromEnvironment(), "--ocpi-version=2.1.1")
                .ocpiVersions()).containsExactly("2.1.1");

        System.setProperty("SIM_OCPI_VERSION", "2.1.1,2.2.1");
        assertThat(CpoSimulatorMain.configFromEnvironment().ocpiVersions()).containsExactly("2.2.1", "2.1.1");

        System.setProperty("SIM_OCPI_VERSION", "3.0");
        assertThatThrownBy(CpoSimulatorMain::configFromEnvironment).hasMessageContaining("SIM_OCPI_VERSION");
    }

    @Test
    void systemPropertiesOverride() {
        System.setProperty("SIM_PORT", "0");
        System.setProperty("SIM_TOKEN_A", "my-token-a");
        System.setProperty("SIM_PUBLIC_URL", "http://sim.test:8080/");
        System.setProperty("SIM_BIND", "true");
        System.setProperty("SIM_PARTY_ID", "ABC");

        SimulatorConfig config = CpoSimulatorMain.configFromEnvironment();

        assertThat(config.port()).isZero();
        assertThat(config.tokenA()).isEqualTo("my-token-a");
        assertThat(config.publicUrl()).isEqualTo("http://sim.test:8080");
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.partyId()).isEqualTo("ABC");
        assertThat(config.toString()).doesNotContain("my-token-a");
    }

    @Test
    void datasetSettings() {
        System.setProperty("SIM_LOCATIONS", "100000");
        System.setProperty("SIM_EVSES_PER_LOCATION", "2");
        System.setProperty("SIM_TARIFFS", "12");
        System.setProperty("SIM_DATASET_SEED", "-7");
        System.setProperty("SIM_MAX_PAGE_SIZE", "5000");

        SimulatorConfig config = CpoSimulatorMain.configFromEnvironment();

        assertThat(config.locationCount()).isEqualTo(100_000);
        assertThat(config.evsesPerLocation()).isEqualTo(2);
        assertThat(config.tariffCount()).isEqualTo(12);
        assertThat(config.datasetSeed()).isEqualTo(-7);
        assertThat(CpoSimulatorMain.maxPageSizeFromEnvironment()).isEqualTo(5000);
    }

    @Test
    void datasetDefaultsAndBadValues() {
        if (System.getenv("SIM_LOCATIONS") == null && System.getenv("SIM_MAX_PAGE_SIZE") == null) {
            assertThat(CpoSimulatorMain.configFromEnvironment().locationCount()).isEqualTo(10);
            assertThat(CpoSimulatorMain.maxPageSizeFromEnvironment()).isEqualTo(100);
        }
        System.setProperty("SIM_LOCATIONS", "many");
        assertThatThrownBy(CpoSimulatorMain::configFromEnvironment).hasMessageContaining("SIM_LOCATIONS");
        System.clearProperty("SIM_LOCATIONS");
        System.setProperty("SIM_EVSES_PER_LOCATION", "0");
        assertThatThrownBy(CpoSimulatorMain::configFromEnvironment).hasMessageContaining("evsesPerLocation");
        System.setProperty("SIM_MAX_PAGE_SIZE", "0");
        assertThatThrownBy(CpoSimulatorMain::maxPageSizeFromEnvironment).hasMessageContaining("SIM_MAX_PAGE_SIZE");
    }

    @Test
    void chargingCycleSettings() {
        System.setProperty("SIM_COMMAND_BEHAVIOUR", "accept_result_failed");
        System.setProperty("SIM_SESSION_UPDATES", "PUT_ONLY");
        System.setProperty("SIM_AUTO_CYCLE", "true");
        System.setProperty("SIM_AUTO_UPDATES", "5");
        System.setProperty("SIM_UPDATE_INTERVAL_MILLIS", "60000");
        System.setProperty("SIM_AUTO_STOP_AFTER_MILLIS", "900000");
        System.setProperty("SIM_AUTO_POWER_KW", "22.5");

        SimulatorKnobs knobs = CpoSimulatorMain.cycleKnobsFromEnvironment(new SimulatorKnobs());

        assertThat(knobs.commandBehaviour()).isEqualTo(CommandBehaviour.ACCEPT_RESULT_FAILED);
        assertThat(knobs.sessionUpdates()).isEqualTo(SessionUpdates.PUT_ONLY);
        assertThat(knobs.autoCycle()).isTrue();
        assertThat(knobs.autoUpdates()).isEqualTo(5);
        assertThat(knobs.updateIntervalMillis()).isEqualTo(60_000);
        assertThat(knobs.autoStopAfterMillis()).isEqualTo(900_000);
        assertThat(knobs.autoPowerKw()).isEqualByComparingTo("22.5");

        System.setProperty("SIM_COMMAND_BEHAVIOUR", "MAYBE");
        assertThatThrownBy(() -> CpoSimulatorMain.cycleKnobsFromEnvironment(new SimulatorKnobs()))
                .hasMessageContaining("SIM_COMMAND_BEHAVIOUR");
        System.clearProperty("SIM_COMMAND_BEHAVIOUR");
        System.setProperty("SIM_AUTO_POWER_KW", "fast");
        assertThatThrownBy(() -> CpoSimulatorMain.cycleKnobsFromEnvironment(new SimulatorKnobs()))
                .hasMessageContaining("SIM_AUTO_POWER_KW");
    }

    @Test
    void senderFaultSettings() {
        assertThat(CpoSimulatorMain.senderFaultFromEnvironment(new SimulatorKnobs()).senderFault())
                .isEqualTo(SenderFault.NONE);
        System.setProperty("SIM_SENDER_FAULT", "http_503");
        System.setProperty("SIM_SENDER_FAULT_AFTER", "2");
        System.setProperty("SIM_SENDER_FAULT_TIMES", "3");
        System.setProperty("SIM_SENDER_FAULT_MODULES", "locations, Tariffs");
        System.setProperty("SIM_RETRY_AFTER_SECONDS", "7");
        System.setProperty("SIM_SLOW_MILLIS", "45000");

        SimulatorKnobs knobs = CpoSimulatorMain.senderFaultFromEnvironment(new SimulatorKnobs());

        assertThat(knobs.senderFault()).isEqualTo(SenderFault.HTTP_503);
        assertThat(knobs.senderFaultAfter()).isEqualTo(2);
        assertThat(knobs.senderFaultTimes()).isEqualTo(3);
        assertThat(knobs.senderFaultModules()).containsExactlyInAnyOrder("locations", "tariffs");
        assertThat(knobs.retryAfterSeconds()).isEqualTo(7);
        assertThat(knobs.slowMillis()).isEqualTo(45_000);

        System.setProperty("SIM_SENDER_FAULT", "SOMETIMES");
        assertThatThrownBy(() -> CpoSimulatorMain.senderFaultFromEnvironment(new SimulatorKnobs()))
                .hasMessageContaining("SIM_SENDER_FAULT");
        System.setProperty("SIM_SENDER_FAULT", "SLOW");
        System.setProperty("SIM_SENDER_FAULT_MODULES", "versions");
        assertThatThrownBy(() -> CpoSimulatorMain.senderFaultFromEnvironment(new SimulatorKnobs()))
                .hasMessageContaining("versions");
    }
}
