package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * X-Request-ID and X-Correlation-ID on every request: echoed when the caller sent them,
 * generated when not, and put in the logging context so every log line of the exchange carries
 * them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MessageIds extends OncePerRequestFilter {

    public static final String REQUEST_ID = "X-Request-ID";
    public static final String CORRELATION_ID = "X-Correlation-ID";
    public static final String MDC_REQUEST_ID = "request_id";
    public static final String MDC_CORRELATION_ID = "correlation_id";

    private static final Pattern SAFE_ID = Pattern.compile("[\\x21-\\x7E]{1,255}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = idOrNew(request.getHeader(REQUEST_ID));
        String correlationId = idOrNew(request.getHeader(CORRELATION_ID));
        response.setHeader(REQUEST_ID, requestId);
        response.setHeader(CORRELATION_ID, correlationId);
        request.setAttribute(REQUEST_ID, requestId);
        request.setAttribute(CORRELATION_ID, correlationId);
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put(MDC_CORRELATION_ID, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_CORRELATION_ID);
        }
    }

    /** The correlation id of the exchange in progress, for outbound calls made on its behalf. */
    public static String currentCorrelationId() {
        return MDC.get(MDC_CORRELATION_ID);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String idOrNew(String value) {
        return value != null && SAFE_ID.matcher(value).matches() ? value : newId();
    }
}
