package com.rollyy.cposim;

import com.rollyy.cposim.ocpi.SimResponse;

/**
 * A simulator-driven OCPI exchange with the eMSP failed. Carries what the eMSP answered so a
 * test can assert on it.
 */
public class SimulatorException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Used for {@link #httpStatus()} when no HTTP response was received at all. */
    public static final int NO_HTTP_RESPONSE = 0;

    private final int httpStatus;
    private final Integer ocpiStatusCode;
    private final String responseBody;

    public SimulatorException(String message, int httpStatus, Integer ocpiStatusCode, String responseBody) {
        this(message, httpStatus, ocpiStatusCode, responseBody, null);
    }

    public SimulatorException(String message, int httpStatus, Integer ocpiStatusCode, String responseBody,
                              Throwable cause) {
        super(describe(message, httpStatus, ocpiStatusCode), cause);
        this.httpStatus = httpStatus;
        this.ocpiStatusCode = ocpiStatusCode;
        this.responseBody = responseBody;
    }

    public static SimulatorException of(String message, SimResponse response) {
        return new SimulatorException(message, response.status(), response.ocpiStatusCode(), response.body());
    }

    public static SimulatorException local(String message) {
        return new SimulatorException(message, NO_HTTP_RESPONSE, null, null);
    }

    /** HTTP status of the failing response, or {@link #NO_HTTP_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** OCPI {@code status_code} of the failing response, or null if it had none. */
    public Integer ocpiStatusCode() {
        return ocpiStatusCode;
    }

    /** Body of the failing response, or null if there was none. */
    public String responseBody() {
        return responseBody;
    }

    private static String describe(String message, int httpStatus, Integer ocpiStatusCode) {
        StringBuilder text = new StringBuilder(message);
        if (httpStatus != NO_HTTP_RESPONSE) {
            text.append(" (HTTP ").append(httpStatus);
            if (ocpiStatusCode != null) {
                text.append(", OCPI ").append(ocpiStatusCode);
            }
            text.append(')');
        }
        return text.toString();
    }
}
