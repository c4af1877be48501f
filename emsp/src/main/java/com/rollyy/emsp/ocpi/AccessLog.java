package com.rollyy.emsp.ocpi;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One log line per request, OCPI and product API alike, refusals included: method, path template
 * (never the ids in the path, so lines group), status, duration and caller, as key-value pairs in
 * the JSON log (logger {@code rollyy.access}); request and correlation ids come from the MDC
 * ({@link MessageIds}, which runs first), and so do {@code trace_id} and {@code span_id}: this
 * filter runs inside Spring's server observation (order {@code HIGHEST_PRECEDENCE + 1}), so the
 * line is written while the request's span is current. Health probes are left out.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class AccessLog extends OncePerRequestFilter {

    /** Set by the filter that authenticated the caller: "connection:<id>", "api-key:<key id>", "jwt". */
    public static final String CALLER = AccessLog.class.getName() + ".caller";

    private static final Logger log = LoggerFactory.getLogger("rollyy.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (!log.isInfoEnabled()) {
                return; // nothing built for a line nobody writes
            }
            long micros = (System.nanoTime() - started) / 1_000;
            Object template = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String path = template != null ? template.toString() : request.getRequestURI();
            String caller = caller(request);
            log.atInfo()
                    .addKeyValue("http_method", request.getMethod())
                    .addKeyValue("http_path", path)
                    .addKeyValue("http_status", response.getStatus())
                    .addKeyValue("duration_ms", micros / 1_000.0)
                    .addKeyValue("caller", caller)
                    .log("{} {} {} {} ms {}", request.getMethod(), path, response.getStatus(),
                            tenths(micros), caller);
        }
    }

    /** Microseconds as milliseconds with one decimal, rounded half up ("12.3"). */
    static String tenths(long micros) {
        long tenths = (micros + 50) / 100;
        return tenths / 10 + "." + tenths % 10;
    }

    private static String caller(HttpServletRequest request) {
        Object set = request.getAttribute(CALLER);
        if (set != null) {
            return set.toString();
        }
        Object ocpi = request.getAttribute(OcpiCaller.ATTRIBUTE);
        return ocpi instanceof OcpiCaller c ? "connection:" + c.connectionId() : "anonymous";
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
