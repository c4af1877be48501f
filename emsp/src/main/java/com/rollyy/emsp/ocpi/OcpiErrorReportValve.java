package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.ObjectMapper;

/**
 * Tomcat answers some requests itself, before any filter or controller: a path with an encoded
 * slash ({@code %2F}), backslash or NUL, raw non-ASCII bytes, headers over the size limit. On an
 * OCPI path (or when the request line was too broken to have one) the peer still gets the
 * envelope (400 → 2001, other 4xx → 2000, 5xx → 3000) instead of Tomcat's HTML page; elsewhere
 * Tomcat's own page, without details, as before.
 */
class OcpiErrorReportValve extends ErrorReportValve {

    private final ObjectMapper mapper;

    OcpiErrorReportValve(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        // no URI: the request line itself was refused (raw non-ASCII bytes); peers get JSON either way
        String uri = request.getRequestURI();
        if (uri != null && !uri.isEmpty() && !(uri.equals("/ocpi") || uri.startsWith("/ocpi/"))) {
            super.report(request, response, throwable);
            return;
        }
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        var ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        OcpiStatus code = status == 400 ? OcpiStatus.INVALID_PARAMETERS
                : status < 500 ? OcpiStatus.CLIENT_ERROR : OcpiStatus.SERVER_ERROR;
        HttpStatus http = HttpStatus.resolve(status);
        String reason = response.getMessage();
        String message = "Request refused before it reached the OCPI layer ("
                + (http == null ? status : status + " " + http.getReasonPhrase()) + ")"
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(mapper.writeValueAsString(OcpiResponse.error(code, message)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response committed: nothing more to say
        }
    }
}
