package com.rollyy.emsp.ocpi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every error raised while serving OCPI becomes the envelope with the right codes. */
@RestControllerAdvice(annotations = OcpiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class OcpiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OcpiExceptionHandler.class);

    @ExceptionHandler(OcpiException.class)
    ResponseEntity<OcpiResponse<Void>> ocpi(OcpiException e) {
        return respond(e.httpStatus(), e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<OcpiResponse<Void>> unreadable(HttpMessageNotReadableException e) {
        var error = BodyErrors.describe(e);
        return respond(error.malformed() ? HttpStatus.BAD_REQUEST : HttpStatus.OK,
                OcpiStatus.INVALID_PARAMETERS, error.message());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<OcpiResponse<Void>> invalid(MethodArgumentNotValidException e) {
        return respond(HttpStatus.OK, OcpiStatus.INVALID_PARAMETERS, BodyErrors.describe(e.getBindingResult()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<OcpiResponse<Void>> missingParameter(MissingServletRequestParameterException e) {
        return respond(HttpStatus.OK, OcpiStatus.INVALID_PARAMETERS,
                "Parameter '" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<OcpiResponse<Void>> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.OK, OcpiStatus.INVALID_PARAMETERS, "Parameter '" + e.getName() + "' is invalid");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<OcpiResponse<Void>> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, OcpiStatus.INVALID_PARAMETERS,
                "Content-Type must be application/json");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OcpiResponse<Void>> unexpected(Exception e) {
        if (StorageOutage.is(e)) {
            log.warn("OCPI request failed: the database is unavailable ({})", e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(org.springframework.http.HttpHeaders.RETRY_AFTER, StorageOutage.RETRY_AFTER_SECONDS)
                    .body(OcpiResponse.error(OcpiStatus.SERVER_ERROR, StorageOutage.MESSAGE));
        }
        log.error("Unexpected error while serving an OCPI request", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, OcpiStatus.SERVER_ERROR, "Internal server error");
    }

    /** The error in the envelope, its status code as the request's OCPI version can say it ({@link OcpiVersion#statusCode}). */
    static ResponseEntity<OcpiResponse<Void>> respond(HttpStatus http, OcpiStatus status, String message) {
        OcpiResponse<Void> error = OcpiResponse.error(status, message);
        int code = OcpiVersionEdge.currentVersion().statusCode(status.code());
        return ResponseEntity.status(http).body(code == error.statusCode() ? error
                : new OcpiResponse<>(null, code, error.statusMessage(), error.timestamp()));
    }
}
