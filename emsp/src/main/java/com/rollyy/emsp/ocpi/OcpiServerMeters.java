package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * {@code ocpi_server_requests_seconds}: every OCPI request a peer sends us (the product API
 * under /ocpi/2.2.1 excluded), by module, our interface role, HTTP status and the OCPI
 * status_code we answered, timed from the first filter on, so refusals by the token check or
 * the body guard count too. The status_code is noted where the envelope is written: by
 * {@link OcpiErrorWriter} in filters, by {@link StatusCodeAdvice} for controllers and exception
 * handlers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class OcpiServerMeters extends OncePerRequestFilter {

    private static final ThreadLocal<int[]> STATUS_CODE = new ThreadLocal<>();
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5)};

    /** Timers kept by their tags: the registry's own lookup builds and hashes the tags every time. */
    private static final int MAX_CACHED_TIMERS = 2_000;

    private final MeterRegistry registry;
    /** Our endpoints, longest path first, so the most specific one names a request's module. */
    private final List<OcpiModuleEndpoint> endpoints;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public OcpiServerMeters(MeterRegistry registry, List<OcpiModuleEndpoint> endpoints) {
        this.registry = registry;
        this.endpoints = endpoints.stream()
                .sorted(Comparator.comparingInt((OcpiModuleEndpoint e) -> e.path().length()).reversed()).toList();
    }

    private record TimerKey(String module, OcpiVersion version, String role, String method, int httpStatus,
                            int statusCode) {
    }

    /** Notes the status_code of the envelope being written for the current request. */
    static void statusCode(int code) {
        int[] holder = STATUS_CODE.get();
        if (holder != null) {
            holder[0] = code;
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = OcpiPaths.of(request);
        return !OcpiPaths.isOcpi(path)
                || OcpiPaths.isProductApi(request.getMethod(), path, request.getHeader("X-API-Key") != null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        int[] holder = {0};
        STATUS_CODE.set(holder);
        try {
            chain.doFilter(request, response);
        } finally {
            STATUS_CODE.remove();
            String path = OcpiPaths.stripTrailingSlash(OcpiPaths.of(request));
            OcpiVersion version = OcpiVersion.ofPath(path).orElse(null);
            if (version != null && version != OcpiVersion.V2_2_1) {
                // the same module under another version's prefix (OcpiVersionEdge)
                path = OcpiVersion.V2_2_1.prefix() + path.substring(version.prefix().length());
            }
            String module = "other";
            String role = "none";
            if (path.equals(OcpiPaths.VERSIONS) || path.startsWith(OcpiPaths.VERSIONS + "/")) {
                module = "versions";
            } else if (path.equals(OcpiPaths.V221) || path.equals(OcpiPaths.DETAILS)) {
                module = "details";
            } else {
                for (OcpiModuleEndpoint e : endpoints) {
                    if (path.startsWith(e.path()) && (path.length() == e.path().length()
                            || path.charAt(e.path().length()) == '/')) {
                        module = e.identifier();
                        role = e.role().name();
                        break;
                    }
                }
            }
            var key = new TimerKey(module, version, role, request.getMethod(), response.getStatus(), holder[0]);
            Timer timer = timers.get(key);
            if (timer == null) {
                timer = register(key);
                if (timers.size() < MAX_CACHED_TIMERS) { // a peer inventing methods does not grow it
                    timers.put(key, timer);
                }
            }
            timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer register(TimerKey key) {
        return Timer.builder("ocpi.server.requests")
                .description("OCPI requests peers sent us, by module, interface and answer")
                .tag("module", key.module())
                .tag("version", key.version() == null ? "none" : key.version().value())
                .tag("interface", key.role())
                .tag("method", key.method())
                .tag("http_status", Integer.toString(key.httpStatus()))
                .tag("status_code", key.statusCode() == 0 ? "none" : Integer.toString(key.statusCode()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Notes the status_code of every envelope a controller or exception handler returns. */
    @ControllerAdvice
    static class StatusCodeAdvice implements ResponseBodyAdvice<Object> {

        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                      Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                      ServerHttpRequest request, ServerHttpResponse response) {
            if (body instanceof OcpiResponse<?> envelope) {
                statusCode(envelope.statusCode());
            }
            return body;
        }
    }
}
