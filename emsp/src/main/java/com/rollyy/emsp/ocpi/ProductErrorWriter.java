package com.rollyy.emsp.ocpi;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;

/**
 * Writes an error of the product API (paths outside OCPI) for the filters of this package that
 * guard every request, such as {@link RequestBodyGuard}. The product API's error shape belongs to
 * package api, which implements this: OCPI transport stays at the bottom and knows no product type.
 */
public interface ProductErrorWriter {

    void write(HttpServletResponse response, HttpStatus status, String error, String message) throws IOException;
}
