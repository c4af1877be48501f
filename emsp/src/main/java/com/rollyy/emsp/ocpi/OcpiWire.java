package com.rollyy.emsp.ocpi;

import tools.jackson.databind.JsonNode;

/**
 * The wire format of one OCPI version other than 2.2.1, translated at the edge to and from the
 * one internal model (2.2.1's): the capability packages never see another version. Each version
 * declares the modules it translates; a module without a translation is not mounted under that
 * version's prefix, and its version details do not list it (docs/ocpi-conformance.md, "Other OCPI
 * versions", says per module what is renamed, lost or invented).
 */
public interface OcpiWire {

    OcpiVersion version();

    /** Whether this version's {@code module} (an OCPI module identifier, or "versions") is translated. */
    boolean translates(String module);

    /** This version's JSON of {@code module} → the 2.2.1 model's. */
    JsonNode toModel(String module, JsonNode data, Exchange exchange);

    /** The 2.2.1 model's JSON of {@code module} → this version's. */
    JsonNode toWire(String module, JsonNode data, Exchange exchange);

    /**
     * Where the JSON travels: the HTTP method and URL path of the exchange (ours when a partner
     * calls us, the partner's when we call it; 2.1.1 objects take their owner from it), whether it
     * is a request body (else the {@code data} of an answer), and {@code partner}: the partner's
     * own party (its credentials' party; null when not known, e.g. during registration), the owner
     * of objects that name none (2.1.1 Locations, Sessions and CDRs carry no party fields).
     */
    record Exchange(String method, String path, boolean request, OcpiParty partner) {

        public Exchange(String method, String path, boolean request) {
            this(method, path, request, null);
        }
    }
}
