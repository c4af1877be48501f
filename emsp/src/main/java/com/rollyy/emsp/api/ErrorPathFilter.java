package com.rollyy.emsp.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.ocpi.OcpiPaths;

/**
 * Spring Boot's error page ({@code /error}) renders errors the container forwards to it; called
 * directly, it had no error to render and answered 500 to anyone. A direct request (any method,
 * any query) is answered like every other path we do not serve: 404 with the product error body.
 * Forwarded errors (the ERROR dispatch) are not filtered and render as before.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ErrorPathFilter extends OncePerRequestFilter {

    private final String errorPath;
    private final ObjectMapper mapper;

    public ErrorPathFilter(@Value("${server.error.path:/error}") String errorPath, ObjectMapper mapper) {
        this.errorPath = OcpiPaths.stripTrailingSlash(errorPath);
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = OcpiPaths.stripTrailingSlash(OcpiPaths.of(request));
        return !(path.equals(errorPath) || path.startsWith(errorPath + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(),
                new ApiError("not_found", "No such endpoint: " + request.getRequestURI()));
    }
}
