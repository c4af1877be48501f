package com.rollyy.emsp.api;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.rollyy.emsp.ocpi.BodyErrors;
import com.rollyy.emsp.ocpi.OcpiPaths;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiStatus;

/**
 * Errors of the product API, as {@link ApiError}. Routing errors (no such path, method not
 * allowed) happen before a controller is chosen; on an OCPI path they still get the envelope.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.code(), e.getMessage()));
    }

    /** A call to a partner whose OCPI version lacks the module (2.1.1 has no hubclientinfo): nothing was sent. */
    @ExceptionHandler(com.rollyy.emsp.ocpi.OcpiWires.OcpiNotSupportedByVersion.class)
    ResponseEntity<ApiError> notSupported(com.rollyy.emsp.ocpi.OcpiWires.OcpiNotSupportedByVersion e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("not_supported_by_partner_version",
                "The partner speaks " + e.getMessage() + "; nothing was sent"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return badRequest(BodyErrors.describe(e).message());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        return badRequest(BodyErrors.describe(e.getBindingResult()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return badRequest("Parameter '" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest("Parameter '" + e.getName() + "' is invalid");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<?> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return route(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<?> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return route(request, HttpStatus.NOT_FOUND, "No such endpoint: " + request.getRequestURI());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<?> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return route(request, HttpStatus.METHOD_NOT_ALLOWED,
                "Method " + e.getMethod() + " is not supported on " + request.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<?> unexpected(Exception e, HttpServletRequest request) {
        if (com.rollyy.emsp.ocpi.StorageOutage.is(e)) {
            log.warn("{} {} failed: the database is unavailable ({})", request.getMethod(), request.getRequestURI(),
                    e.getMessage());
            var unavailable = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(org.springframework.http.HttpHeaders.RETRY_AFTER,
                            com.rollyy.emsp.ocpi.StorageOutage.RETRY_AFTER_SECONDS);
            return OcpiPaths.isOcpi(request.getRequestURI())
                    ? unavailable.body(OcpiResponse.error(OcpiStatus.SERVER_ERROR, com.rollyy.emsp.ocpi.StorageOutage.MESSAGE))
                    : unavailable.body(new ApiError("storage_unavailable", com.rollyy.emsp.ocpi.StorageOutage.MESSAGE));
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        if (OcpiPaths.isOcpi(request.getRequestURI())) {
            return ResponseEntity.internalServerError()
                    .body(OcpiResponse.error(OcpiStatus.SERVER_ERROR, "Internal server error"));
        }
        return ResponseEntity.internalServerError().body(new ApiError("internal_error", "Internal server error"));
    }

    private static ResponseEntity<?> route(HttpServletRequest request, HttpStatus status, String message) {
        if (OcpiPaths.isOcpi(request.getRequestURI())) {
            return ResponseEntity.status(status).body(OcpiResponse.error(OcpiStatus.CLIENT_ERROR, message));
        }
        return ResponseEntity.status(status).body(new ApiError(status == HttpStatus.NOT_FOUND ? "not_found"
                : "invalid_request", message));
    }

    private static ResponseEntity<ApiError> badRequest(String message) {
        return ResponseEntity.badRequest().body(new ApiError("invalid_request", message));
    }
}
