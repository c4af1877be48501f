package com.rollyy.emsp.ocpi;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The OCPI versions this service speaks. One internal model (2.2.1's); the others are wire formats
 * translated at the edge (docs/ocpi-conformance.md, "Other OCPI versions"). Each version lives
 * under its own prefix ({@code /ocpi/2.1.1/...}), with the modules that version has.
 */
public enum OcpiVersion {

    V2_1_1("2.1.1", Set.of("credentials", "locations", "sessions", "cdrs", "tariffs", "tokens", "commands")),
    V2_2_1("2.2.1", Set.of("credentials", "locations", "sessions", "cdrs", "tariffs", "tokens", "commands",
            "chargingprofiles", "hubclientinfo")),
    V2_3_0("2.3.0", Set.of("credentials", "locations", "sessions", "cdrs", "tariffs", "tokens", "commands",
            "chargingprofiles", "hubclientinfo"));

    /** The request attribute holding the version of an OCPI request (by its path prefix). */
    public static final String ATTRIBUTE = OcpiVersion.class.getName();

    private final String value;
    private final String prefix;
    private final Set<String> modules;

    OcpiVersion(String value, Set<String> modules) {
        this.value = value;
        this.prefix = "/ocpi/" + value;
        this.modules = modules;
    }

    /** The version as OCPI spells it ({@code 2.2.1}). */
    public String value() {
        return value;
    }

    /** Where this version's endpoints live: {@code /ocpi/2.2.1}. */
    public String prefix() {
        return prefix;
    }

    /** Whether this version has the module with this identifier (2.1.1 has no chargingprofiles, no hubclientinfo). */
    public boolean hasModule(String identifier) {
        return modules.contains(identifier);
    }

    /**
     * A status code as this version can say it: 2.1.1 knows 1000, 2000–2003 and 3000–3003 only
     * (2004 Unknown Token, 3004 and the hub errors 4xxx came with 2.2), so another code becomes
     * the generic one of its class (2004 → 2000, 3004 → 3000, 4xxx → 3000: the server side
     * failed); the message still says what happened. Later versions keep every 2.2.1 code.
     */
    public int statusCode(int code) {
        if (this != V2_1_1 || code == 1000 || (code >= 2000 && code <= 2003) || (code >= 3000 && code <= 3003)) {
            return code;
        }
        return code >= 2000 && code < 3000 ? 2000 : code >= 3000 ? 3000 : code;
    }

    /** Whether endpoints carry a role (SENDER/RECEIVER) in version details: from 2.2 on. */
    public boolean hasInterfaceRoles() {
        return this != V2_1_1;
    }

    /** The version OCPI spells so; empty for any other text (also for 2.2 or 2.0, which we do not speak). */
    public static Optional<OcpiVersion> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (OcpiVersion version : values()) {
            if (version.value.equals(v)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** The version whose prefix starts this path ({@code /ocpi/2.1.1/...}), if any. */
    public static Optional<OcpiVersion> ofPath(String path) {
        for (OcpiVersion version : values()) {
            if (path.equals(version.prefix) || path.startsWith(version.prefix + "/")) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** The highest of {@code theirs} that is also in {@code ours}. */
    public static Optional<OcpiVersion> highestMutual(Collection<OcpiVersion> ours, Collection<OcpiVersion> theirs) {
        OcpiVersion best = null;
        for (OcpiVersion v : theirs) {
            if (ours.contains(v) && (best == null || v.compareTo(best) > 0)) {
                best = v;
            }
        }
        return Optional.ofNullable(best);
    }
}
