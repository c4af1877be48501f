package com.rollyy.cposim;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.rollyy.cposim.ocpi.Tokens;
import com.rollyy.cposim.versions.OcpiVersions;

/**
 * Start-up settings of a {@link CpoSimulator}. Immutable; use {@link #defaults()} and the
 * {@code withX} methods.
 *
 * @param port         TCP port to bind, 0 for a random free port
 * @param tokenA       the first one-time token A, or null for a random one
 * @param countryCode  CiString(2) of the simulated CPO party
 * @param partyId      CiString(3) of the simulated CPO party
 * @param businessName BusinessDetails.name of the simulated CPO
 * @param publicUrl    base URL advertised to peers (no trailing slash), or null for
 *                     {@code http://127.0.0.1:<bound port>}
 * @param bindAddress  interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param locationCount    number of generated Locations ({@code LOC000001}..), 0..{@value #MAX_LOCATIONS}
 * @param evsesPerLocation EVSEs per generated Location, 1..{@value #MAX_EVSES_PER_LOCATION}
 * @param tariffCount      number of generated Tariffs ({@code TARIFF1}..), 0..{@value #MAX_TARIFFS}
 * @param datasetSeed      seed of the generated dataset: the same config always gives the same JSON
 * @param ocpiVersions     the OCPI versions offered in /versions, highest first: any of {@code 2.1.1},
 *                         {@code 2.2.1} (the default alone) and {@code 2.3.0}. With one, it is spoken
 *                         everywhere; with several, each is served on its own URL tree and the
 *                         simulator speaks the registration's (see {@link #withOcpiVersions})
 */
public record SimulatorConfig(int port, String tokenA, String countryCode, String partyId,
                              String businessName, String publicUrl, String bindAddress,
                              int locationCount, int evsesPerLocation, int tariffCount, long datasetSeed,
                              List<String> ocpiVersions) {

    public static final String DEFAULT_OCPI_VERSION = OcpiVersions.V221;

    public static final int DEFAULT_LOCATION_COUNT = 10;
    public static final int DEFAULT_EVSES_PER_LOCATION = 3;
    public static final int DEFAULT_TARIFF_COUNT = 3;
    public static final long DEFAULT_DATASET_SEED = 20260101L;
    public static final int MAX_LOCATIONS = 10_000_000;
    public static final int MAX_EVSES_PER_LOCATION = 50;
    public static final int MAX_TARIFFS = 100_000;

    public SimulatorConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        countryCode = requireText(countryCode, "countryCode");
        partyId = requireText(partyId, "partyId");
        businessName = requireText(businessName, "businessName");
        bindAddress = requireText(bindAddress, "bindAddress");
        if (tokenA != null) {
            Tokens.requireValid(tokenA, "tokenA");
        }
        if (publicUrl != null) {
            publicUrl = stripTrailingSlashes(requireText(publicUrl, "publicUrl"));
        }
        requireRange(locationCount, 0, MAX_LOCATIONS, "locationCount");
        requireRange(evsesPerLocation, 1, MAX_EVSES_PER_LOCATION, "evsesPerLocation");
        requireRange(tariffCount, 0, MAX_TARIFFS, "tariffCount");
        if (ocpiVersions == null || ocpiVersions.isEmpty()) {
            ocpiVersions = List.of(DEFAULT_OCPI_VERSION);
        }
        Set<String> versions = new LinkedHashSet<>();
        for (String version : ocpiVersions) {
            String trimmed = version == null ? "" : version.trim();
            if (!OcpiVersions.isSupported(trimmed)) {
                throw new IllegalArgumentException("ocpiVersion must be one of " + String.join(", ", OcpiVersions.SUPPORTED)
                        + ": " + version);
            }
            versions.add(trimmed);
        }
        ocpiVersions = OcpiVersions.highestFirst(versions);
    }

    /** The eleven settings before the OCPI version, speaking 2.2.1 (kept for existing callers). */
    public SimulatorConfig(int port, String tokenA, String countryCode, String partyId,
                           String businessName, String publicUrl, String bindAddress,
                           int locationCount, int evsesPerLocation, int tariffCount, long datasetSeed) {
        this(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress, locationCount,
                evsesPerLocation, tariffCount, datasetSeed, List.of(DEFAULT_OCPI_VERSION));
    }

    /** The original seven settings with the default dataset (kept for existing callers). */
    public SimulatorConfig(int port, String tokenA, String countryCode, String partyId,
                           String businessName, String publicUrl, String bindAddress) {
        this(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                DEFAULT_LOCATION_COUNT, DEFAULT_EVSES_PER_LOCATION, DEFAULT_TARIFF_COUNT, DEFAULT_DATASET_SEED);
    }

    /**
     * Random port, random token A, NL/SIM "Rollyy CPO Simulator", bound to 127.0.0.1; 10 Locations
     * with 3 EVSEs each and 3 Tariffs from the fixed default seed.
     */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, null, "NL", "SIM", "Rollyy CPO Simulator", null, "127.0.0.1");
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withTokenA(String tokenA) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withCountryCode(String countryCode) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withPartyId(String partyId) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withBusinessName(String businessName) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withPublicUrl(String publicUrl) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withBindAddress(String bindAddress) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    /** How many Locations the sender interface serves (ids {@code LOC000001}..). */
    public SimulatorConfig withLocationCount(int locationCount) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    public SimulatorConfig withEvsesPerLocation(int evsesPerLocation) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    /** How many Tariffs the sender interface serves (ids {@code TARIFF1}..). */
    public SimulatorConfig withTariffCount(int tariffCount) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    /** Another seed gives other (but again deterministic) names, places, statuses and prices. */
    public SimulatorConfig withDatasetSeed(long datasetSeed) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    /**
     * The OCPI version the simulator offers and speaks: {@code 2.1.1}, {@code 2.2.1} or {@code 2.3.0}.
     * Its /versions lists only that version; objects, paths and headers follow it (docs/ocpi-conformance.md,
     * "The CPO simulator on other versions").
     */
    public SimulatorConfig withOcpiVersion(String ocpiVersion) {
        return withOcpiVersions(ocpiVersion == null ? List.of() : List.of(ocpiVersion.split(",")));
    }

    /**
     * Several versions at once, e.g. {@code 2.1.1} and {@code 2.2.1}: /versions lists each with its
     * own details URL, each is served on its own tree ({@code /ocpi/2.1.1/...}), and the simulator
     * speaks the version of its registration: the one whose credentials endpoint the eMSP used, or
     * the highest both offer when the simulator registers; before that, the highest offered.
     */
    public SimulatorConfig withOcpiVersions(List<String> ocpiVersions) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress,
                locationCount, evsesPerLocation, tariffCount, datasetSeed, ocpiVersions);
    }

    /** The preferred (highest) version offered; the one spoken when only one is offered. */
    public String ocpiVersion() {
        return ocpiVersions.get(0);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.trim();
    }

    private static void requireRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
    }

    static String stripTrailingSlashes(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    @Override
    public String toString() {
        // token A is a secret handed out of band: keep it out of logs and assertion messages
        return "SimulatorConfig{port=" + port + ", tokenA=" + (tokenA == null ? "random" : "***")
                + ", countryCode=" + countryCode + ", partyId=" + partyId
                + ", businessName=" + businessName + ", publicUrl=" + publicUrl
                + ", bindAddress=" + bindAddress + ", locationCount=" + locationCount
                + ", evsesPerLocation=" + evsesPerLocation + ", tariffCount=" + tariffCount
                + ", datasetSeed=" + datasetSeed + ", ocpiVersions=" + ocpiVersions + '}';
    }
}
