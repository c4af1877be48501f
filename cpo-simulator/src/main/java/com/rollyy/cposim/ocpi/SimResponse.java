package com.rollyy.cposim.ocpi;

import java.util.List;
import java.util.Map;

/**
 * A raw answer from the peer to {@code CpoSimulator.callEmsp}.
 *
 * @param status  HTTP status
 * @param headers response headers; the map looks names up case-insensitively
 * @param body    response body as UTF-8 text, empty string when there was none
 */
public record SimResponse(int status, Map<String, List<String>> headers, String body) {

    public SimResponse {
        headers = HeaderMaps.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** First value of a header (case-insensitive name), or null. */
    public String header(String name) {
        return HeaderMaps.first(headers, name);
    }

    /** The envelope's {@code status_code}, or null when the body is not an OCPI envelope. */
    public Integer ocpiStatusCode() {
        return OcpiEnvelope.statusCodeOf(body).orElse(null);
    }

    /** The body parsed as JSON (maps, lists, strings, numbers), or null when it is not JSON. */
    public Object json() {
        return Json.parse(body).orElse(null);
    }

    @Override
    public String toString() {
        return "SimResponse{status=" + status + ", body=" + body + '}';
    }
}
