package com.rollyy.cposim;

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
 */
public record SimulatorConfig(int port, String tokenA, String countryCode, String partyId,
                              String businessName, String publicUrl, String bindAddress) {

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
    }

    /** Random port, random token A, NL/SIM "Rollyy CPO Simulator", bound to 127.0.0.1. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, null, "NL", "SIM", "Rollyy CPO Simulator", null, "127.0.0.1");
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    public SimulatorConfig withTokenA(String tokenA) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    public SimulatorConfig withCountryCode(String countryCode) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    public SimulatorConfig withPartyId(String partyId) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    public SimulatorConfig withBusinessName(String businessName) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    public SimulatorConfig withPublicUrl(String publicUrl) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    public SimulatorConfig withBindAddress(String bindAddress) {
        return new SimulatorConfig(port, tokenA, countryCode, partyId, businessName, publicUrl, bindAddress);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.trim();
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
                + ", bindAddress=" + bindAddress + '}';
    }
}
