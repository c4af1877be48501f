package com.rollyy.cposim.ocpi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler wants sent back. {@code dropConnection} replies send nothing at all, to
 * simulate a peer that dies mid-request. A reply with a {@code stream} writes its body straight
 * to the connection (chunked) instead of carrying it as a string. A {@code cutMidBody} reply
 * declares the whole body's length, sends half of it and closes the connection.
 */
public record Reply(int httpStatus, String contentType, String body, boolean dropConnection,
             Map<String, String> headers, BodyWriter stream, boolean cutMidBody) {

    static final String JSON = "application/json";

    /** Writes a response body; it must not close {@code out}'s underlying exchange itself. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public Reply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    Reply(int httpStatus, String contentType, String body, boolean dropConnection) {
        this(httpStatus, contentType, body, dropConnection, Map.of(), null, false);
    }

    public static Reply ok(String envelope) {
        return new Reply(200, JSON, envelope, false);
    }

    public static Reply ocpi(int httpStatus, String envelope) {
        return new Reply(httpStatus, JSON, envelope, false);
    }

    /** An OCPI-layer error: HTTP 200 with the problem in {@code status_code}, as the spec wants. */
    public static Reply ocpiError(int statusCode, String message) {
        return ok(OcpiEnvelope.error(statusCode, message));
    }

    public static Reply httpError(int httpStatus, int statusCode, String message) {
        return ocpi(httpStatus, OcpiEnvelope.error(statusCode, message));
    }

    public static Reply raw(int httpStatus, String contentType, String body) {
        return new Reply(httpStatus, contentType, body, false);
    }

    public static Reply closeConnection() {
        return new Reply(0, null, null, true);
    }

    /** HTTP 200 JSON whose body is produced while it is sent. */
    public static Reply stream(BodyWriter writer) {
        return new Reply(200, JSON, null, false, Map.of(), writer, false);
    }

    /** The same reply with these response headers added (replacing same-named ones). */
    public Reply withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new Reply(httpStatus, contentType, body, dropConnection, merged, stream, cutMidBody);
    }

    /** The same reply as a string, however it was to be written (a stream is run now). */
    public Reply materialized() throws IOException {
        if (stream == null) {
            return this;
        }
        var out = new java.io.ByteArrayOutputStream();
        stream.writeTo(out);
        return new Reply(httpStatus, contentType, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                dropConnection, headers, null, cutMidBody);
    }

    /** The same reply, cut off halfway through its body with the connection closed. */
    public Reply cutOffMidBody() throws IOException {
        Reply whole = materialized();
        return new Reply(whole.httpStatus, whole.contentType, whole.body, false, whole.headers, null, true);
    }
}
