package com.rollyy.cposim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CPO's Sessions and CDRs Sender interfaces: {@code GET /ocpi/2.2.1/sessions} and
 * {@code GET /ocpi/2.2.1/cdrs}, paginated like the Locations and Tariffs lists (same parameters,
 * Link, X-Total-Count, X-Limit and {@code maxPageSize} knob), oldest {@code last_updated} first.
 * The Sessions list requires {@code date_from} (mod_sessions, GET method), the CDRs list does not.
 */
final class SessionsCdrsSender {

    static final String SESSIONS = OcpiPaths.DETAILS + "/sessions";
    static final String CDRS = OcpiPaths.DETAILS + "/cdrs";

    private final ChargingSessions sessions;
    private final SimulatorKnobs knobs;
    private final Supplier<String> baseUrl;
    private final CpoIdentity identity;
    private final RegistrationState state;

    SessionsCdrsSender(ChargingSessions sessions, SimulatorKnobs knobs, Supplier<String> baseUrl,
                       CpoIdentity identity, RegistrationState state) {
        this.sessions = sessions;
        this.knobs = knobs;
        this.baseUrl = baseUrl;
        this.identity = identity;
        this.state = state;
    }

    static boolean serves(String path) {
        return path.equals(SESSIONS) || path.equals(CDRS);
    }

    Reply handle(Inbound request) {
        return route(request).withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    private Reply route(Inbound request) {
        if (!"GET".equals(request.method())) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        SenderHandler.PageRequest page;
        try {
            page = SenderHandler.PageRequest.parse(request.query(), knobs.maxPageSize());
        } catch (IllegalArgumentException e) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, e.getMessage());
        }
        boolean sessionList = request.path().equals(SESSIONS);
        if (sessionList && page.dateFrom == null) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, "date_from is required");
        }
        List<Supplier<Map<String, Object>>> matching = sessionList
                ? sessions.sessionsUpdated(page.dateFrom, page.dateTo)
                : sessions.cdrsCreated(page.dateFrom, page.dateTo);
        int from = (int) Math.min(page.offset, matching.size());
        int to = (int) Math.min((long) from + page.limit, matching.size());
        List<Map<String, Object>> items = matching.subList(from, to).stream().map(Supplier::get).toList();

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Integer.toString(matching.size()));
        headers.put("X-Limit", Integer.toString(knobs.maxPageSize()));
        if (!items.isEmpty() && to < matching.size()) {
            headers.put("Link", "<" + baseUrl.get() + request.path() + "?" + page.query(to) + ">; rel=\"next\"");
        }
        return Reply.ok(OcpiEnvelope.success(items)).withHeaders(headers);
    }
}
