package com.rollyy.emsp.ocpi;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Every {@link OcpiWire}, by version; 2.2.1 is the model itself and needs none. */
@Component
public class OcpiWires {

    private final Map<OcpiVersion, OcpiWire> wires = new EnumMap<>(OcpiVersion.class);
    private final List<OcpiVersion> offered;

    public OcpiWires(List<OcpiWire> wires, com.rollyy.emsp.config.RollyyProperties properties) {
        for (OcpiWire wire : wires) {
            if (wire.version() == OcpiVersion.V2_2_1 || this.wires.put(wire.version(), wire) != null) {
                throw new IllegalStateException("One OcpiWire per version other than 2.2.1: " + wire.version());
            }
        }
        var configured = new java.util.TreeSet<OcpiVersion>();
        for (String value : properties.ocpi().versions()) {
            OcpiVersion version = OcpiVersion.of(value).orElseThrow(() -> new IllegalStateException(
                    "rollyy.ocpi.versions: '" + value + "' is not an OCPI version we speak (2.1.1, 2.2.1, 2.3.0)"));
            configured.add(version);
        }
        if (!configured.contains(OcpiVersion.V2_2_1)) {
            throw new IllegalStateException("rollyy.ocpi.versions must contain 2.2.1 (our own model): "
                    + properties.ocpi().versions());
        }
        this.offered = List.copyOf(configured);
    }

    /** The versions we offer (rollyy.ocpi.versions), oldest first: /ocpi/versions lists them. */
    public List<OcpiVersion> offered() {
        return offered;
    }

    /** Whether {@code module} ("versions" for version details) is served, and spoken, in {@code version}. */
    public boolean translates(OcpiVersion version, String module) {
        if (version == null || version == OcpiVersion.V2_2_1) {
            return true;
        }
        OcpiWire wire = wires.get(version);
        return wire != null && offered.contains(version) && module != null
                && (module.equals("versions") || version.hasModule(module)) && wire.translates(module);
    }

    public JsonNode toModel(OcpiVersion version, String module, JsonNode data, OcpiWire.Exchange exchange) {
        if (version == null || version == OcpiVersion.V2_2_1 || data == null || data.isNull() || module == null) {
            return data;
        }
        OcpiWire wire = wire(version, module);
        if (data.isArray()) {
            var list = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            data.forEach(item -> list.add(wire.toModel(module, item, exchange)));
            return list;
        }
        return wire.toModel(module, data, exchange);
    }

    public JsonNode toWire(OcpiVersion version, String module, JsonNode data, OcpiWire.Exchange exchange) {
        if (version == null || version == OcpiVersion.V2_2_1 || data == null || data.isNull() || module == null) {
            return data;
        }
        OcpiWire wire = wire(version, module);
        if (data.isArray()) {
            var list = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            data.forEach(item -> list.add(wire.toWire(module, item, exchange)));
            return list;
        }
        return wire.toWire(module, data, exchange);
    }

    private OcpiWire wire(OcpiVersion version, String module) {
        if (!translates(version, module)) {
            throw new OcpiNotSupportedByVersion(version, module);
        }
        return wires.get(version);
    }

    /** A module a version lacks (2.1.1 has no chargingprofiles), or one not translated yet. */
    public static final class OcpiNotSupportedByVersion extends RuntimeException {

        private final OcpiVersion version;
        private final String module;

        public OcpiNotSupportedByVersion(OcpiVersion version, String module) {
            super("OCPI " + version.value() + (version.hasModule(module) ? ": module " + module + " is not translated"
                    : " has no module " + module));
            this.version = version;
            this.module = module;
        }

        public OcpiVersion version() {
            return version;
        }

        public String module() {
            return module;
        }
    }
}
