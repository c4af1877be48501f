package com.rollyy.cposim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

import com.rollyy.cposim.commands.CommandsHandler;
import com.rollyy.cposim.locations.SenderHandler;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.PageRequest;
import com.rollyy.cposim.ocpi.Reply;
import com.rollyy.cposim.sessions.SessionsCdrsSender;

/**
 * Applies the {@link SenderFault} knob to requests of the Sender interfaces and the Commands
 * receiver: either instead of the handler (503, 429, not JSON, closed connection) or to the
 * handler's answer (slow, truncated, a Link that never ends).
 */
final class SenderFaults {

    private final SimulatorKnobs knobs;
    private final Supplier<String> baseUrl;

    SenderFaults(SimulatorKnobs knobs, Supplier<String> baseUrl) {
        this.knobs = knobs;
        this.baseUrl = baseUrl;
    }

    /** The answer to an authenticated request, faulty when the knob says so. */
    Reply answer(Inbound request, Supplier<Reply> handler) {
        String module = module(request.path());
        if (module == null) {
            return handler.get();
        }
        boolean listPage = "GET".equals(request.method()) && isList(request.path());
        SenderFault fault = knobs.claimSenderFault(module, listPage);
        try {
            return switch (fault) {
                case NONE -> handler.get();
                case HTTP_503 -> Reply.raw(503, "text/plain; charset=utf-8", "Service Unavailable");
                case TOO_MANY_REQUESTS -> Reply.raw(429, "text/plain; charset=utf-8", "Too Many Requests")
                        .withHeaders(Map.of("Retry-After", Integer.toString(knobs.retryAfterSeconds())));
                case NOT_JSON -> Reply.raw(200, "text/html; charset=utf-8",
                        "<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>");
                case CLOSE_CONNECTION -> Reply.closeConnection();
                case SLOW -> {
                    pause(knobs.slowMillis());
                    yield handler.get();
                }
                case TRUNCATED_CONNECTION -> handler.get().cutOffMidBody();
                case TRUNCATED_BODY -> {
                    Reply whole = handler.get().materialized();
                    yield Reply.raw(whole.httpStatus(), whole.contentType(),
                            whole.body().substring(0, whole.body().length() / 2)).withHeaders(whole.headers());
                }
                case LINK_TO_SAME_PAGE -> withNext(handler.get(), request.path()
                        + (request.query() == null ? "" : "?" + request.query()));
                case LINK_TO_FIRST_PAGE -> withNext(handler.get(), pageLink(request, true));
                case LINK_PAST_THE_END -> withNext(handler.get(), pageLink(request, false));
                case EMPTY_PAGES -> withNext(Reply.ok(OcpiEnvelope.success(java.util.List.of()))
                        .withHeaders(handler.get().headers()), pageLink(request, false));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module a path belongs to, for the knob's module filter; null for paths faults never touch. */
    private static String module(String path) {
        if (path.equals(SenderHandler.LOCATIONS) || path.startsWith(SenderHandler.LOCATIONS + "/")) {
            return "locations";
        }
        if (path.equals(SenderHandler.TARIFFS)) {
            return "tariffs";
        }
        if (path.equals(SessionsCdrsSender.SESSIONS)) {
            return "sessions";
        }
        if (path.equals(SessionsCdrsSender.CDRS)) {
            return "cdrs";
        }
        return CommandsHandler.serves(path) ? "commands" : null;
    }

    private static boolean isList(String path) {
        return path.equals(SenderHandler.LOCATIONS) || path.equals(SenderHandler.TARIFFS)
                || path.equals(SessionsCdrsSender.SESSIONS) || path.equals(SessionsCdrsSender.CDRS);
    }

    /** Path and query of the first page (same filters, offset 0) or of the page after this one, full or not. */
    private String pageLink(Inbound request, boolean first) {
        PageRequest page;
        try {
            page = PageRequest.parse(request.query(), knobs.maxPageSize());
        } catch (IllegalArgumentException e) {
            return null; // the handler refused the parameters (2001): nothing to link to
        }
        return request.path() + "?" + page.query(first ? 0 : page.offset + page.limit);
    }

    private Reply withNext(Reply reply, String pathAndQuery) {
        if (pathAndQuery == null) {
            return reply;
        }
        return reply.withHeaders(Map.of("Link", "<" + baseUrl.get() + pathAndQuery + ">; rel=\"next\""));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
