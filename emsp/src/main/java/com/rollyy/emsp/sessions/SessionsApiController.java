package com.rollyy.emsp.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.api.ApiPage;
import com.rollyy.emsp.api.ProductIds;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.ocpi.PublicUrl;

/**
 * Product API (X-API-Key): the charging Sessions CPOs reported to us (pushed or pulled), each
 * with the robot session and job it belongs to when it was matched to one. Newest first,
 * paginated ({@link ApiPage}). The charging-profile paths below {@code /v1/sessions/} take a user
 * JWT instead (api/UserJwtSecurity).
 */
@RestController
class SessionsApiController {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final RobotLinks robotSessions;
    private final PublicUrl publicUrl;

    SessionsApiController(JdbcClient jdbc, ObjectMapper mapper, RobotLinks robotSessions, PublicUrl publicUrl) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.robotSessions = robotSessions;
        this.publicUrl = publicUrl;
    }

    /**
     * A CPO's Session as the product shows it: its key and status, the connection it came over,
     * our robot session ({@code robot_session_id}, what START answered) and job when matched,
     * and the Session itself as the CPO last sent it.
     */
    record SessionItem(String countryCode, String partyId, String id, UUID connectionId, Session.Status status,
                       String robotSessionId, UUID robotJobId, Instant receivedAt, Instant lastUpdated,
                       JsonNode session) {
    }

    @GetMapping("/v1/sessions")
    ResponseEntity<List<SessionItem>> list(HttpServletRequest request,
                                           @RequestParam(required = false) String status,
                                           @RequestParam(name = "connection_id", required = false) String connectionId,
                                           @RequestParam(required = false) Integer limit,
                                           @RequestParam(required = false) Integer offset) {
        ApiPage page = ApiPage.of(limit, offset, DEFAULT_LIMIT, MAX_LIMIT);
        var where = new StringBuilder(" where true");
        var params = new ArrayList<Object>();
        Session.Status wanted = status(status);
        if (wanted != null) {
            where.append(" and status = ?");
            params.add(wanted.name());
        }
        UUID connection = ProductIds.uuid("connection_id", connectionId);
        if (connection != null) {
            where.append(" and connection_id = ?");
            params.add(connection);
        }
        var found = page.fetch(jdbc, "country_code, party_id, id, connection_id, status, created_at, last_updated,"
                        + " doc", "charging_session", where, params,
                (rs, n) -> new Row(new ObjectKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                        rs.getObject(4, UUID.class), Session.Status.valueOf(rs.getString(5)),
                        rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                        mapper.readTree(rs.getString(8))));
        return page.respond(request, publicUrl, items(found.rows()), found.total());
    }

    private record Row(ObjectKey key, UUID connectionId, Session.Status status, Instant receivedAt,
                       Instant lastUpdated, JsonNode doc) {
    }

    private List<SessionItem> items(List<Row> rows) {
        Set<ObjectKey> keys = new HashSet<>();
        rows.forEach(r -> keys.add(r.key()));
        var links = robotSessions.linksByOcpiSession(keys);
        return rows.stream().map(r -> {
            var link = links.get(r.key());
            return new SessionItem(r.doc().path("country_code").asString(r.key().countryCode()),
                    r.doc().path("party_id").asString(r.key().partyId()), r.doc().path("id").asString(r.key().id()),
                    r.connectionId(), r.status(), link == null ? null : link.sessionId(),
                    link == null ? null : link.robotJobId(), r.receivedAt(), r.lastUpdated(), r.doc());
        }).toList();
    }

    private static Session.Status status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return Session.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'status' must be one of "
                    + java.util.Arrays.toString(Session.Status.values()));
        }
    }
}
