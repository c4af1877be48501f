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
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.rollyy.emsp.config.HttpProperties;

/**
 * No body larger than {@code rollyy.http.max-body-bytes} is read: a declared Content-Length over
 * it is refused at once, a chunked body is read up to one byte past it, then refused (413; an
 * OCPI envelope with 2001 on OCPI paths, {@code {"error":"body_too_large"}} elsewhere). Memory per
 * request is bounded by the limit, and parsers never see the oversize input. Also refused (2001 /
 * 400), because they would store what PostgreSQL or our readers cannot handle: an escaped U+0000
 * in a string, and numbers with absurd digits or exponents.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestBodyGuard.class);

    private final int maxBytes;
    private final OcpiErrorWriter errorWriter;
    private final ProductErrorWriter productErrors;

    public RequestBodyGuard(HttpProperties properties, OcpiErrorWriter errorWriter,
                            ProductErrorWriter productErrors) {
        this.productErrors = productErrors;
        this.maxBytes = properties.maxBodyBytes();
        this.errorWriter = errorWriter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        if (isConsoleForm(request)) {
            return true;
        }
        return !("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }

    /**
     * The operator console's HTML forms: read by the container as parameters (bounded by Tomcat's
     * max form size), which a body consumed here would hide from them.
     */
    private static boolean isConsoleForm(HttpServletRequest request) {
        String path = OcpiPaths.of(request);
        String type = request.getContentType();
        return (path.equals("/console") || path.startsWith("/console/")) && type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response);
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
        if (escapedNul(body)) {
            refuseValue(request, response, "Strings may not contain the character U+0000 (NUL)");
            return;
        }
        String number = numberOutOfRange(body);
        if (number != null) {
            refuseValue(request, response, "Number out of range: " + (number.length() > 40
                    ? number.substring(0, 40) + "…" : number) + " (at most " + MAX_DIGITS + " digits and an"
                    + " exponent within ±" + MAX_EXPONENT + ")");
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    /**
     * True when the JSON text escapes U+0000 ({@code \u0000} not itself escaped): valid JSON, but
     * no string of ours may hold it, and PostgreSQL's jsonb cannot store it (it would be a 500).
     */
    static boolean escapedNul(byte[] body) {
        for (int i = 0; i + 5 < body.length; i++) {
            if (body[i] == '\\' && (body[i + 1] == 'u' || body[i + 1] == 'U') && body[i + 2] == '0'
                    && body[i + 3] == '0' && body[i + 4] == '0' && body[i + 5] == '0') {
                int backslashes = 0;
                for (int j = i; j >= 0 && body[j] == '\\'; j--) {
                    backslashes++;
                }
                if (backslashes % 2 == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first JSON number (outside strings) with more than {@link #MAX_DIGITS} digits or an
     * exponent beyond ±{@link #MAX_EXPONENT}, or null. {@code 1e4000} parses in a few bytes, but is
     * stored by PostgreSQL as thousands of digits that no reader accepts any more: refused here.
     */
    static String numberOutOfRange(byte[] body) {
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (b == '"') {
                inString = true;
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                int start = i;
                while (i < body.length && "+-0123456789.eE".indexOf(body[i]) >= 0) {
                    i++;
                }
                String token = new String(body, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
                i--;
                if (outOfRange(token)) {
                    return token;
                }
            }
        }
        return null;
    }

    private static final int MAX_DIGITS = 40;
    private static final int MAX_EXPONENT = 300;

    private static boolean outOfRange(String token) {
        int e = Math.max(token.indexOf('e'), token.indexOf('E'));
        String mantissa = e < 0 ? token : token.substring(0, e);
        long digits = mantissa.chars().filter(Character::isDigit).count();
        if (digits > MAX_DIGITS) {
            return true;
        }
        if (e < 0) {
            return false;
        }
        String exponent = token.substring(e + 1).replace("+", "");
        try {
            return Math.abs(Long.parseLong(exponent)) > MAX_EXPONENT;
        } catch (NumberFormatException tooLong) {
            return !exponent.isEmpty();
        }
    }

    private void refuseValue(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        String path = OcpiPaths.of(request);
        if (OcpiPaths.isOcpi(path) && !OcpiPaths.isProductApi(request.getMethod(), path,
                request.getHeader("X-API-Key") != null)) {
            // valid JSON reached the OCPI layer: HTTP 200 with 2001, like any invalid field
            errorWriter.write(response, HttpStatus.OK, OcpiResponse.error(OcpiStatus.INVALID_PARAMETERS, message));
            return;
        }
        productErrors.write(response, HttpStatus.BAD_REQUEST, "invalid_request", message);
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
        productErrors.write(response, HttpStatus.CONTENT_TOO_LARGE, "body_too_large", message);
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
