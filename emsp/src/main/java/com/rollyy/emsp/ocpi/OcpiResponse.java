package com.rollyy.emsp.ocpi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The envelope of every OCPI response, success or error. {@code data} is left out when there is
 * none, as 2.2.1-d2 advises for endpoints that do not define it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OcpiResponse<T>(T data, int statusCode, String statusMessage, Instant timestamp) {

    public static <T> OcpiResponse<T> success(T data) {
        return new OcpiResponse<>(data, OcpiStatus.SUCCESS.code(), "Success", now());
    }

    public static OcpiResponse<Void> success() {
        return success(null);
    }

    public static OcpiResponse<Void> error(OcpiStatus status, String message) {
        return new OcpiResponse<>(null, status.code(), message, now());
    }

    @JsonIgnore
    public boolean isSuccess() {
        return statusCode >= 1000 && statusCode < 2000;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
