package com.rollyy.cposim.versions;

import java.util.List;

import com.rollyy.cposim.ocpi.WireEdge;

/** The OCPI versions the simulator can speak, and the edge that translates its model to each. */
public final class OcpiVersions {

    public static final String V211 = "2.1.1";
    public static final String V221 = "2.2.1";
    public static final String V230 = "2.3.0";
    public static final List<String> SUPPORTED = List.of(V211, V221, V230);

    private OcpiVersions() {
    }

    /** Whether {@code version} is one the simulator speaks. */
    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    /** The edge for {@code version}: the identity for 2.2.1 (the model), a translation otherwise. */
    public static WireEdge edge(String version, SimulatorFacts facts) {
        return switch (version) {
            case V221 -> WireEdge.V221;
            case V211 -> new Wire211(facts);
            case V230 -> new Wire230(facts);
            default -> throw new IllegalArgumentException("unsupported OCPI version " + version
                    + " (supported: " + String.join(", ", SUPPORTED) + ")");
        };
    }
}
