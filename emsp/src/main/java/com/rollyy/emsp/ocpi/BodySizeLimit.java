package com.rollyy.emsp.ocpi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.config.HttpProperties;

/**
 * No body larger than {@code rollyy.http.max-body-bytes} is read: a declared Content-Length over
 * it is refused at once, a chunked body is read up to one byte past it, then refused (413; an
 * OCPI envelope with 2001 on OCPI paths, {@code {"error":"body_too_large"}} elsewhere). Memory per
 * request is bounded by the limit, and parsers never see the oversize input.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BodySizeLimit.class);

    private final int maxBytes;
    private final OcpiErrorWriter errorWriter;
    private final ObjectMapper mapper;

    public BodySizeLimit(HttpProperties properties, OcpiErrorWriter errorWriter, ObjectMapper mapper) {
        this.maxBytes = properties.maxBodyBytes();
        this.errorWriter = errorWriter;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response);
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = OcpiPaths.of(request);
        log.info("{} {} refused: body larger than {} bytes", request.getMethod(), path, maxBytes);
        String message = "Request body larger than " + maxBytes + " bytes";
        response.setHeader("Connection", "close");
        if (OcpiPaths.isOcpi(path) && !OcpiPaths.isProductApi(request.getMethod(), path,
                request.getHeader("X-API-Key") != null)) {
            errorWriter.write(response, HttpStatus.CONTENT_TOO_LARGE,
                    OcpiResponse.error(OcpiStatus.INVALID_PARAMETERS, message));
            return;
        }
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(), new com.rollyy.emsp.api.ApiError("body_too_large", message));
    }

    /** The body already read (within the limit), served again to the rest of the chain. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? java.nio.charset.StandardCharsets.UTF_8
                            : java.nio.charset.Charset.forName(getCharacterEncoding())));
        }
    }
}
