package com.rollyy.emsp.ocpi;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** What a PUT or PATCH from a peer did, and the answer it gets: 201, 200, or 200 with nothing changed. */
public enum WriteResult {
    CREATED, UPDATED, STALE;

    public ResponseEntity<OcpiResponse<Void>> toResponse() {
        return switch (this) {
            case CREATED -> ResponseEntity.status(HttpStatus.CREATED).body(OcpiResponse.success());
            case UPDATED -> ResponseEntity.ok(OcpiResponse.success());
            case STALE -> ResponseEntity.ok(new OcpiResponse<>(null, OcpiStatus.SUCCESS.code(),
                    "Ignored: older than the version we hold (last_updated)", Instant.now()));
        };
    }

    /** A URL segment and the object's own field must name the same thing (CiString comparison). */
    public static void requireMatchesUrl(String field, String url, String body) {
        if (!url.equalsIgnoreCase(body)) {
            throw OcpiException.invalidParameter("Field '" + field + "' (" + body + ") does not match the URL ("
                    + url + ")");
        }
    }
}
