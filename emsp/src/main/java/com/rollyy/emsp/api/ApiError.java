package com.rollyy.emsp.api;

/** The error body of the product API: {@code {"error": "<code>", "message": "<what to fix>"}}. */
public record ApiError(String error, String message) {
}
