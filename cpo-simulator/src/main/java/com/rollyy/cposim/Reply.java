package com.rollyy.cposim;

/**
 * What a handler wants sent back. {@code dropConnection} replies send nothing at all, to
 * simulate a peer that dies mid-request.
 */
record Reply(int httpStatus, String contentType, String body, boolean dropConnection) {

    static final String JSON = "application/json";

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
}
