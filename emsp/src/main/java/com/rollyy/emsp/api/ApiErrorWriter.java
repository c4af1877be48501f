package com.rollyy.emsp.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.ocpi.ProductErrorWriter;

/** Errors the OCPI layer's request filters answer on product paths, in the product API's shape ({@link ApiError}). */
@Component
class ApiErrorWriter implements ProductErrorWriter {

    private final ObjectMapper mapper;

    ApiErrorWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void write(HttpServletResponse response, HttpStatus status, String error, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), new ApiError(error, message));
    }
}
