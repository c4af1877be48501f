package com.rollyy.emsp.ocpi;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Writes the OCPI envelope where no controller is involved (servlet filters). */
@Component
public class OcpiErrorWriter {

    private final ObjectMapper mapper;

    public OcpiErrorWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(HttpServletResponse response, HttpStatus status, OcpiResponse<?> body) throws IOException {
        OcpiServerMeters.statusCode(body.statusCode());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), body);
    }
}
