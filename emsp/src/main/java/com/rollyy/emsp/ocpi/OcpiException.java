package com.rollyy.emsp.ocpi;

import org.springframework.http.HttpStatus;

/**
 * A request the OCPI layer refuses: rendered as the envelope with {@link #status()} and the HTTP
 * status the spec asks for (200 once a valid request reached the OCPI layer).
 */
public class OcpiException extends RuntimeException {

    private final OcpiStatus status;
    private final HttpStatus httpStatus;

    public OcpiException(OcpiStatus status, HttpStatus httpStatus, String message) {
        super(message);
        this.status = status;
        this.httpStatus = httpStatus;
    }

    /** 2001, HTTP 200: the request was valid JSON but a field or parameter is wrong. */
    public static OcpiException invalidParameter(String message) {
        return new OcpiException(OcpiStatus.INVALID_PARAMETERS, HttpStatus.OK, message);
    }

    /** 2001 with HTTP 400: the body is not JSON at all. */
    public static OcpiException malformedBody(String message) {
        return new OcpiException(OcpiStatus.INVALID_PARAMETERS, HttpStatus.BAD_REQUEST, message);
    }

    public static OcpiException notFound(String message) {
        return new OcpiException(OcpiStatus.CLIENT_ERROR, HttpStatus.NOT_FOUND, message);
    }

    public static OcpiException methodNotAllowed(String message) {
        return new OcpiException(OcpiStatus.CLIENT_ERROR, HttpStatus.METHOD_NOT_ALLOWED, message);
    }

    public static OcpiException unauthorized(String message) {
        return new OcpiException(OcpiStatus.CLIENT_ERROR, HttpStatus.UNAUTHORIZED, message);
    }

    public static OcpiException serverError(OcpiStatus status, String message) {
        return new OcpiException(status, HttpStatus.OK, message);
    }

    public OcpiStatus status() {
        return status;
    }

    public HttpStatus httpStatus() {
        return httpStatus;
    }
}
