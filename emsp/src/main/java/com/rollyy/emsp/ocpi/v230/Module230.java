package com.rollyy.emsp.ocpi.v230;

import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * The OCPI 2.3.0 wire format of one module (a Spring bean in this package; {@link Wire230} dispatches
 * to it): its objects to the 2.2.1 model and back. What is renamed, lost or invented is written in
 * the class comment and in docs/ocpi-conformance.md.
 */
interface Module230 {

    /** The OCPI module identifier ("locations", "sessions", ...). */
    String module();

    /** One 2.3.0 object (or request body) of this module → the 2.2.1 model's JSON. */
    JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange);

    /** One 2.2.1 model object (or request body) of this module → 2.3.0's JSON. */
    JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange);
}
