package com.rollyy.emsp.ocpi;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns what went wrong with a request body into a message that names the offending field in
 * its JSON (snake_case) form. Shared by the OCPI and the product API error handlers.
 */
public final class BodyErrors {

    private BodyErrors() {
    }

    /** A body error: {@code malformed} when the body is not JSON at all (HTTP 400 in OCPI). */
    public record BodyError(boolean malformed, String message) {
    }

    public static BodyError describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                // 10,000 nested arrays are valid JSON, but past the parser's limits: say which one
                String message = limit.getOriginalMessage();
                int from = message.indexOf(", from `");
                return new BodyError(true, "Request body exceeds a JSON limit: "
                        + (from > 0 ? message.substring(0, from) + ")" : message));
            }
        }
        if (cause instanceof InputCoercionException range) {
            // valid JSON: a number too large for its field (max_voltage: 99999999999)
            return new BodyError(false, range.getPath().isEmpty() ? "A number in the request body is out of range"
                    : "Field '" + path(range.getPath()) + "' is out of range");
        }
        if (cause instanceof StreamReadException syntax) {
            var location = syntax.getLocation();
            return new BodyError(true, "Malformed JSON" + (location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr()));
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = path(jackson.getPath());
            String problem = cause instanceof InvalidFormatException invalid && invalid.getValue() instanceof String
                    ? "has an invalid value '" + abbreviate(String.valueOf(invalid.getValue())) + "'"
                    : cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                            ? "has the wrong type (expected " + typeName(mismatch.getTargetType()) + ")"
                            : "is invalid";
            return new BodyError(false, "Field '" + field + "' " + problem);
        }
        if (cause instanceof MismatchedInputException mismatch) {
            return new BodyError(false, "Request body has the wrong shape (expected "
                    + typeName(mismatch.getTargetType()) + ")");
        }
        return new BodyError(true, "Request body is missing or not JSON");
    }

    public static String describe(BindingResult result) {
        return result.getFieldErrors().stream()
                .map(BodyErrors::describe)
                .sorted()
                .collect(Collectors.joining("; "));
    }

    private static String describe(FieldError error) {
        return "Field '" + snakeCase(error.getField()) + "' " + error.getDefaultMessage();
    }

    static String path(List<JacksonException.Reference> references) {
        var sb = new StringBuilder();
        for (var ref : references) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** {@code roles[0].businessDetails.name} → {@code roles[0].business_details.name}. */
    public static String snakeCase(String javaPath) {
        var sb = new StringBuilder(javaPath.length() + 8);
        for (char c : javaPath.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "DateTime string";
        }
        return "object";
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
