package com.rollyy.emsp.ocpi;

/** An outbound OCPI call that did not give a usable answer, and why. Never carries a token. */
public class OcpiClientException extends RuntimeException {

    public enum Kind {
        /** Connection refused, DNS failure, reset, or no answer within the timeouts. */
        UNREACHABLE,
        /** The peer answered, but not with JSON. */
        NOT_JSON,
        /** JSON, but not an OCPI envelope, or data of the wrong shape. */
        NOT_OCPI,
        /** The body was larger than we accept. */
        TOO_LARGE,
        /** A well-formed envelope with an HTTP error or a status_code other than 1xxx. */
        REJECTED
    }

    private final Kind kind;
    private final String url;
    private final Integer httpStatus;
    private final Integer statusCode;

    public OcpiClientException(Kind kind, String method, String url, String problem, Integer httpStatus,
                               Integer statusCode, Throwable cause) {
        super(method + " " + url + ": " + problem, cause);
        this.kind = kind;
        this.url = url;
        this.httpStatus = httpStatus;
        this.statusCode = statusCode;
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public Integer statusCode() {
        return statusCode;
    }

    /**
     * False only when the request certainly never reached the peer (connection refused, connect
     * timeout, unknown host, an open circuit) or the peer refused to look at it (HTTP 429). A read
     * timeout, a reset or a garbled answer may follow a request the peer did process: for
     * non-idempotent calls (commands) the outcome is then unknown.
     */
    public boolean mayHaveArrived() {
        if (httpStatus != null && httpStatus == 429) {
            return false;
        }
        if (kind != Kind.UNREACHABLE) {
            return true;
        }
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException
                    || t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return false;
            }
        }
        return true;
    }
}
