package com.rollyy.emsp.ocpi;

import org.springframework.http.HttpHeaders;

/** A peer's answer that was a well-formed OCPI envelope, whatever its status. */
public record OcpiResult<T>(String method, String url, int httpStatus, int statusCode, String statusMessage,
                            T data, HttpHeaders headers) {

    public boolean isSuccess() {
        return httpStatus >= 200 && httpStatus < 300 && statusCode >= 1000 && statusCode < 2000;
    }

    /** The data of a successful answer; otherwise an {@link OcpiClientException} saying what the peer said. */
    public T requireSuccess() {
        if (!isSuccess()) {
            throw new OcpiClientException(OcpiClientException.Kind.REJECTED, method, url,
                    "answered HTTP " + httpStatus + " with status_code " + statusCode
                            + (statusMessage == null ? "" : " (" + statusMessage + ")"),
                    httpStatus, statusCode, null);
        }
        return data;
    }
}
