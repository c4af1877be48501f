package com.rollyy.cposim;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler wants sent back. {@code dropConnection} replies send nothing at all, to
 * simulate a peer that dies mid-request. A reply with a {@code stream} writes its body straight
 * to the connection (chunked) instead of carrying it as a string.
 */
record Reply(int httpStatus, String contentType, String body, boolean dropConnection,
             Map<String, String> headers, BodyWriter stream) {

    static final String JSON = "application/json";

    /** Writes a response body; it must not close {@code out}'s underlying exchange itself. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    Reply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    Reply(int httpStatus, String contentType, String body, boolean dropConnection) {
        this(httpStatus, contentType, body, dropConnection, Map.of(), null);
    }

    static Reply ok(String envelope) {
        return new Reply(200, JSON, envelope, false);
    }

    static Reply ocpi(int httpStatus, String envelope) {
        return new Reply(httpStatus, JSON, envelope, false);
    }

    /** An OCPI-layer error: HTTP 200 with the problem in {@code status_code}, as the spec wants. */
    static Reply ocpiError(int statusCode, String message) {
        return ok(OcpiEnvelope.error(statusCode, message));
    }

    static Reply httpError(int httpStatus, int statusCode, String message) {
        return ocpi(httpStatus, OcpiEnvelope.error(statusCode, message));
    }

    static Reply raw(int httpStatus, String contentType, String body) {
        return new Reply(httpStatus, contentType, body, false);
    }

    static Reply closeConnection() {
        return new Reply(0, null, null, true);
    }

    /** HTTP 200 JSON whose body is produced while it is sent. */
    static Reply stream(BodyWriter writer) {
        return new Reply(200, JSON, null, false, Map.of(), writer);
    }

    /** The same reply with these response headers added (replacing same-named ones). */
    Reply withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new Reply(httpStatus, contentType, body, dropConnection, merged, stream);
    }
}
