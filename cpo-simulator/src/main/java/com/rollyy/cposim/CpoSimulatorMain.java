package com.rollyy.cposim;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import com.rollyy.cposim.credentials.RegistrationResult;

/**
 * Command-line entry point. Settings come from system properties or, failing that, environment
 * variables of the same name: SIM_PORT, SIM_TOKEN_A, SIM_PUBLIC_URL, SIM_BIND, SIM_COUNTRY_CODE,
 * SIM_PARTY_ID, SIM_BUSINESS_NAME, SIM_LOCATIONS, SIM_EVSES_PER_LOCATION, SIM_TARIFFS,
 * SIM_DATASET_SEED, SIM_MAX_PAGE_SIZE, SIM_REGISTER_WITH and SIM_REGISTER_TOKEN, and the charging-cycle
 * knobs SIM_COMMAND_BEHAVIOUR, SIM_SESSION_UPDATES, SIM_AUTO_CYCLE, SIM_AUTO_UPDATES,
 * SIM_UPDATE_INTERVAL_MILLIS, SIM_AUTO_STOP_AFTER_MILLIS and SIM_AUTO_POWER_KW, and the sender-fault knobs
 * SIM_SENDER_FAULT, SIM_SENDER_FAULT_AFTER, SIM_SENDER_FAULT_TIMES, SIM_SENDER_FAULT_MODULES,
 * SIM_RETRY_AFTER_SECONDS and SIM_SLOW_MILLIS, and SIM_OCPI_VERSION. The one command-line flag,
 * {@code --ocpi-version=2.1.1|2.2.1|2.3.0} (or {@code --ocpi-versions=2.1.1,2.2.1} for several), chooses the
 * OCPI version (it wins over SIM_OCPI_VERSION).
 */
public final class CpoSimulatorMain {

    private static final int DEFAULT_PORT = 9090;

    private CpoSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // drop idle connections after 4 s unless told otherwise: an eMSP's server closing one while
        // a push is written on it fails that push (the eMSP's HttpKeepAlive explains the race)
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "4");
        }
        SimulatorConfig config;
        int maxPageSize;
        SimulatorKnobs cycle = new SimulatorKnobs();
        try {
            config = withArguments(configFromEnvironment(), args);
            maxPageSize = maxPageSizeFromEnvironment();
            cycleKnobsFromEnvironment(cycle);
            senderFaultFromEnvironment(cycle);
        } catch (IllegalArgumentException e) {
            System.err.println("cpo-simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        CpoSimulator sim = CpoSimulator.start(config);
        sim.knobs().setMaxPageSize(maxPageSize)
                .setCommandBehaviour(cycle.commandBehaviour())
                .setSessionUpdates(cycle.sessionUpdates())
                .setAutoCycle(cycle.autoCycle())
                .setAutoUpdates(cycle.autoUpdates())
                .setUpdateIntervalMillis(cycle.updateIntervalMillis())
                .setAutoStopAfterMillis(cycle.autoStopAfterMillis())
                .setAutoPowerKw(cycle.autoPowerKw())
                .setSenderFaultModules(cycle.senderFaultModules().toArray(String[]::new))
                .setSenderFault(cycle.senderFault(), cycle.senderFaultAfter(), cycle.senderFaultTimes())
                .setRetryAfterSeconds(cycle.retryAfterSeconds())
                .setSlowMillis(cycle.slowMillis());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "cpo-sim-shutdown"));

        // printed, not logged: token A is meant to be copied by the operator, and logs get shipped
        System.out.println("OCPI " + String.join(", ", sim.ocpiVersions()) + " CPO simulator listening on " + config.bindAddress() + ":" + sim.port());
        System.out.println("versions URL: " + sim.versionsUrl());
        System.out.println("token A:      " + sim.tokenA());
        System.out.println("dataset:      " + config.locationCount() + " locations x " + config.evsesPerLocation()
                + " EVSEs, " + config.tariffCount() + " tariffs (seed " + config.datasetSeed() + "), pages of at most "
                + maxPageSize + " at " + sim.locationsUrl() + " and " + sim.tariffsUrl());
        if (cycle.senderFault() != SenderFault.NONE) {
            System.out.println("sender fault: " + cycle.senderFault() + " on " + cycle.senderFaultModules()
                    + (cycle.senderFaultAfter() > 0 ? " after " + cycle.senderFaultAfter() + " normal answers" : "")
                    + (cycle.senderFaultTimes() > 0 ? ", " + cycle.senderFaultTimes() + " time(s), then normal" : ""));
        }
        System.out.println("commands:     " + sim.commandsUrl() + " (" + cycle.commandBehaviour() + "); sessions "
                + sim.sessionsUrl() + ", cdrs " + sim.cdrsUrl());
        System.out.println("sessions:     " + (cycle.autoCycle() ? "charge at " + cycle.autoPowerKw() + " kW, "
                + (cycle.autoUpdates() == SimulatorKnobs.UNTIL_THE_SESSION_ENDS
                ? "an update every " + cycle.updateIntervalMillis() + " ms until they end"
                : cycle.autoUpdates() + " update(s) " + cycle.updateIntervalMillis() + " ms apart")
                + (cycle.autoStopAfterMillis() > 0 ? "; ended by the simulator " + cycle.autoStopAfterMillis()
                + " ms after their start unless STOP_SESSION comes first" : "; STOP_SESSION ends them")
                : "charge nothing by themselves (SIM_AUTO_CYCLE=false)"));

        String registerWith = setting("SIM_REGISTER_WITH");
        if (registerWith != null) {
            String registerToken = setting("SIM_REGISTER_TOKEN");
            if (registerToken == null) {
                System.err.println("cpo-simulator: SIM_REGISTER_WITH needs SIM_REGISTER_TOKEN (the eMSP's token A)");
                sim.close();
                System.exit(2);
                return;
            }
            try {
                RegistrationResult result = sim.registerWith(registerWith, registerToken);
                System.out.println("registered with eMSP " + result.emspVersionsUrl()
                        + " (roles: " + result.emspRoles().size() + ", endpoints: " + result.emspEndpoints().size() + ")");
            } catch (SimulatorException e) {
                System.err.println("cpo-simulator: registration with " + registerWith + " failed: " + e.getMessage());
                sim.close();
                System.exit(1);
                return;
            }
        }
        stopped.await();
    }

    /**
     * The command line: {@code --ocpi-version=2.1.1} (or {@code --ocpi-version 2.1.1}) chooses the OCPI
     * version the simulator offers and speaks (2.1.1, 2.2.1 or 2.3.0; default SIM_OCPI_VERSION, else 2.2.1);
     * {@code --ocpi-versions=2.1.1,2.2.1} offers several, each on its own URL tree, and speaks the one
     * the registration uses.
     *
     * @throws IllegalArgumentException an unknown argument or version
     */
    static SimulatorConfig withArguments(SimulatorConfig config, String... args) {
        SimulatorConfig result = config;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String version;
            if (arg.startsWith("--ocpi-version=") || arg.startsWith("--ocpi-versions=")) {
                version = arg.substring(arg.indexOf('=') + 1);
            } else if ((arg.equals("--ocpi-version") || arg.equals("--ocpi-versions")) && i + 1 < args.length) {
                version = args[++i];
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg
                        + " (usage: [--ocpi-version=2.1.1|2.2.1|2.3.0] or [--ocpi-versions=2.1.1,2.2.1,...];"
                        + " everything else is set by SIM_* variables)");
            }
            try {
                result = result.withOcpiVersion(version);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ocpi-version: " + e.getMessage(), e);
            }
        }
        return result;
    }

    static SimulatorConfig configFromEnvironment() {
        int port = parsePort(setting("SIM_PORT"));
        SimulatorConfig config = SimulatorConfig.defaults()
                .withPort(port)
                .withTokenA(setting("SIM_TOKEN_A"))
                .withBindAddress(bindAddress(setting("SIM_BIND")));
        String publicUrl = setting("SIM_PUBLIC_URL");
        // port 0 has no stable URL to advertise; the library then falls back to 127.0.0.1:<bound port>
        if (publicUrl == null && port != 0) {
            publicUrl = "http://localhost:" + port;
        }
        config = config.withPublicUrl(publicUrl);
        if (setting("SIM_OCPI_VERSION") != null) {
            try {
                config = config.withOcpiVersion(setting("SIM_OCPI_VERSION"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SIM_OCPI_VERSION: " + e.getMessage(), e);
            }
        }
        if (setting("SIM_COUNTRY_CODE") != null) {
            config = config.withCountryCode(setting("SIM_COUNTRY_CODE"));
        }
        if (setting("SIM_PARTY_ID") != null) {
            config = config.withPartyId(setting("SIM_PARTY_ID"));
        }
        if (setting("SIM_BUSINESS_NAME") != null) {
            config = config.withBusinessName(setting("SIM_BUSINESS_NAME"));
        }
        if (setting("SIM_LOCATIONS") != null) {
            config = config.withLocationCount(parseInt("SIM_LOCATIONS"));
        }
        if (setting("SIM_EVSES_PER_LOCATION") != null) {
            config = config.withEvsesPerLocation(parseInt("SIM_EVSES_PER_LOCATION"));
        }
        if (setting("SIM_TARIFFS") != null) {
            config = config.withTariffCount(parseInt("SIM_TARIFFS"));
        }
        if (setting("SIM_DATASET_SEED") != null) {
            try {
                config = config.withDatasetSeed(Long.parseLong(setting("SIM_DATASET_SEED")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SIM_DATASET_SEED is not a number: " + setting("SIM_DATASET_SEED"));
            }
        }
        return config;
    }

    /** SIM_MAX_PAGE_SIZE: the page size limit of the Locations and Tariffs lists (a knob, not part of the config). */
    static int maxPageSizeFromEnvironment() {
        if (setting("SIM_MAX_PAGE_SIZE") == null) {
            return SimulatorKnobs.DEFAULT_MAX_PAGE_SIZE;
        }
        int value = parseInt("SIM_MAX_PAGE_SIZE");
        if (value < 1 || value > SimulatorKnobs.MAX_PAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("SIM_MAX_PAGE_SIZE must be 1.." + SimulatorKnobs.MAX_PAGE_SIZE_LIMIT
                    + ": " + value);
        }
        return value;
    }

    /** The charging-cycle knobs that make sense to set at start-up (demos and benchmarks), into {@code knobs}. */
    static SimulatorKnobs cycleKnobsFromEnvironment(SimulatorKnobs knobs) {
        if (setting("SIM_COMMAND_BEHAVIOUR") != null) {
            knobs.setCommandBehaviour(parseEnum(CommandBehaviour.class, "SIM_COMMAND_BEHAVIOUR"));
        }
        if (setting("SIM_SESSION_UPDATES") != null) {
            knobs.setSessionUpdates(parseEnum(SessionUpdates.class, "SIM_SESSION_UPDATES"));
        }
        if (setting("SIM_AUTO_CYCLE") != null) {
            String value = setting("SIM_AUTO_CYCLE");
            knobs.setAutoCycle("true".equalsIgnoreCase(value) || "1".equals(value));
        }
        try {
            if (setting("SIM_AUTO_UPDATES") != null) {
                knobs.setAutoUpdates(parseInt("SIM_AUTO_UPDATES"));
            }
            if (setting("SIM_UPDATE_INTERVAL_MILLIS") != null) {
                knobs.setUpdateIntervalMillis(parseInt("SIM_UPDATE_INTERVAL_MILLIS"));
            }
            if (setting("SIM_AUTO_STOP_AFTER_MILLIS") != null) {
                knobs.setAutoStopAfterMillis(parseInt("SIM_AUTO_STOP_AFTER_MILLIS"));
            }
            if (setting("SIM_AUTO_POWER_KW") != null) {
                knobs.setAutoPowerKw(new BigDecimal(setting("SIM_AUTO_POWER_KW")));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SIM_AUTO_POWER_KW is not a number: " + setting("SIM_AUTO_POWER_KW"));
        }
        return knobs;
    }

    /**
     * SIM_SENDER_FAULT (a {@link SenderFault}), SIM_SENDER_FAULT_AFTER (normal answers first, default 0),
     * SIM_SENDER_FAULT_TIMES (default: every request), SIM_SENDER_FAULT_MODULES (comma-separated, default
     * all), SIM_RETRY_AFTER_SECONDS and SIM_SLOW_MILLIS, into {@code knobs}: a simulator that misbehaves
     * from its first request, for harnesses that run it as a process.
     */
    static SimulatorKnobs senderFaultFromEnvironment(SimulatorKnobs knobs) {
        if (setting("SIM_SENDER_FAULT_MODULES") != null) {
            knobs.setSenderFaultModules(Arrays.stream(setting("SIM_SENDER_FAULT_MODULES").split(","))
                    .map(String::trim).filter(m -> !m.isEmpty()).map(m -> m.toLowerCase(Locale.ROOT))
                    .toArray(String[]::new));
        }
        if (setting("SIM_SENDER_FAULT") != null) {
            int after = setting("SIM_SENDER_FAULT_AFTER") == null ? 0 : parseInt("SIM_SENDER_FAULT_AFTER");
            int times = setting("SIM_SENDER_FAULT_TIMES") == null ? -1 : parseInt("SIM_SENDER_FAULT_TIMES");
            knobs.setSenderFault(parseEnum(SenderFault.class, "SIM_SENDER_FAULT"), after, times);
        }
        if (setting("SIM_RETRY_AFTER_SECONDS") != null) {
            knobs.setRetryAfterSeconds(parseInt("SIM_RETRY_AFTER_SECONDS"));
        }
        if (setting("SIM_SLOW_MILLIS") != null) {
            knobs.setSlowMillis(parseInt("SIM_SLOW_MILLIS"));
        }
        return knobs;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, setting(name).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ": " + setting(name));
        }
    }

    private static int parseInt(String name) {
        String value = setting(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
    }

    /** SIM_BIND unset keeps the simulator private to this machine; "true" means all interfaces. */
    private static String bindAddress(String value) {
        if (value == null) {
            return "127.0.0.1";
        }
        return "true".equalsIgnoreCase(value) || "1".equals(value) ? "0.0.0.0" : value;
    }

    private static int parsePort(String value) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SIM_PORT is not a number: " + value);
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
