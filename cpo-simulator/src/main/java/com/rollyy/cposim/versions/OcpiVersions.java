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

    /**
     * The edge for the versions offered (preferred first): one version's edge, or, for several,
     * one that serves each on its own URL tree and speaks the registration's version.
     */
    public static WireEdge edge(List<String> versions, SimulatorFacts facts) {
        if (versions.size() == 1) {
            return edge(versions.get(0), facts);
        }
        java.util.Map<String, WireEdge> edges = new java.util.LinkedHashMap<>();
        versions.forEach(version -> edges.put(version, edge(version, facts)));
        return new MultiEdge(edges, facts);
    }

    /** Highest first: 2.3.0, 2.2.1, 2.1.1. */
    public static List<String> highestFirst(java.util.Collection<String> versions) {
        return List.of(V230, V221, V211).stream().filter(versions::contains).toList();
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
