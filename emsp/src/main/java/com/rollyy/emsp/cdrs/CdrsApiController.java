package com.rollyy.emsp.cdrs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.api.ApiPage;
import com.rollyy.emsp.api.ProductIds;
import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.ocpi.PublicUrl;
import com.rollyy.emsp.sessions.RobotLinks;

/**
 * Product API (X-API-Key): the CDRs CPOs sent us, for the robot backend and operators, each with
 * the robot session and job it was matched to. Newest first, paginated ({@link ApiPage}).
 */
@RestController
class CdrsApiController {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final RobotLinks robotSessions;
    private final PublicUrl publicUrl;

    CdrsApiController(JdbcClient jdbc, ObjectMapper mapper, RobotLinks robotSessions, PublicUrl publicUrl) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.robotSessions = robotSessions;
        this.publicUrl = publicUrl;
    }

    /**
     * A CDR as the product shows it: its key, the connection that delivered it, the CPO's session
     * id, our robot session ({@code robot_session_id}, what START answered) and job when it was
     * matched to one, and the CDR itself as the CPO sent it.
     */
    record CdrView(String countryCode, String partyId, String id, UUID connectionId, String sessionId,
                   String robotSessionId, UUID robotJobId, Instant receivedAt, Instant lastUpdated, JsonNode cdr) {
    }

    @GetMapping("/v1/cdrs")
    ResponseEntity<List<CdrView>> list(HttpServletRequest request,
                                       @RequestParam(name = "robot_job_id", required = false) String robotJobId,
                                       @RequestParam(name = "session_id", required = false) String sessionId,
                                       @RequestParam(name = "connection_id", required = false) String connectionId,
                                       @RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) Integer offset) {
        ApiPage page = ApiPage.of(limit, offset, DEFAULT_LIMIT, MAX_LIMIT);
        var where = new StringBuilder(" where true");
        var params = new ArrayList<Object>();
        UUID connection = ProductIds.uuid("connection_id", connectionId);
        if (connection != null) {
            where.append(" and connection_id = ?");
            params.add(connection);
        }
        UUID job = ProductIds.uuid("robot_job_id", robotJobId);
        if (job != null) {
            var links = robotSessions.linksOfJob(job);
            matching(where, params, links.stream().map(RobotLinks.Link::sessionId).toList(),
                    links.stream().map(RobotLinks.Link::cdr).filter(k -> k != null).toList(), List.of());
        }
        String session = ProductIds.text("session_id", sessionId, 36);
        if (session != null) {
            var link = robotSessions.link(session);
            matching(where, params, List.of(session), link.map(RobotLinks.Link::cdr).stream().toList(),
                    List.of(session));
        }
        var found = page.fetch(jdbc, "country_code, party_id, id, connection_id, session_id, created_at,"
                + " last_updated, doc", "cdr", where, params, (rs, n) -> row(rs));
        return page.respond(request, publicUrl, views(found.rows()), found.total());
    }

    /**
     * One CDR by the CPO's id. Ids are unique per CPO party only: when several parties used it,
     * {@code country_code} and {@code party_id} pick one (409 {@code ambiguous_cdr} until they do).
     */
    @GetMapping("/v1/cdrs/{id}")
    CdrView one(@PathVariable String id, @RequestParam(name = "country_code", required = false) String countryCode,
                @RequestParam(name = "party_id", required = false) String partyId) {
        ProductIds.text("id", id, 39);
        var where = new StringBuilder(" where id = ?");
        var params = new ArrayList<Object>(List.of(CiString.key(id)));
        if (ProductIds.text("country_code", countryCode, 2) != null) {
            where.append(" and country_code = ?");
            params.add(CiString.key(countryCode.strip()));
        }
        if (ProductIds.text("party_id", partyId, 3) != null) {
            where.append(" and party_id = ?");
            params.add(CiString.key(partyId.strip()));
        }
        List<Row> rows = jdbc.sql("select country_code, party_id, id, connection_id, session_id, created_at,"
                        + " last_updated, doc from cdr" + where + " order by country_code, party_id limit 10")
                .params(params).query((rs, n) -> row(rs)).list();
        if (rows.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "unknown_cdr", "No CDR " + id);
        }
        if (rows.size() > 1) {
            throw new ApiException(HttpStatus.CONFLICT, "ambiguous_cdr", rows.size() + " CPO parties sent a CDR " + id
                    + " (" + String.join(", ", rows.stream().map(r -> r.key().countryCode() + "/" + r.key().partyId())
                    .toList()) + "): add country_code and party_id");
        }
        return views(rows).get(0);
    }

    /**
     * Narrows to CDRs of our sessions {@code references} (echoed as authorization_reference, or
     * matched and linked), of CPO session ids {@code cpoSessionIds}, or the {@code linked} keys.
     */
    private static void matching(StringBuilder where, List<Object> params, List<String> references,
                                 List<ObjectKey> linked, List<String> cpoSessionIds) {
        var any = new ArrayList<String>();
        if (!references.isEmpty()) {
            any.add("upper(doc->>'authorization_reference') = any (?::text[])");
            params.add(references.stream().map(CiString::key).toArray(String[]::new));
        }
        if (!cpoSessionIds.isEmpty()) {
            any.add("upper(session_id) = any (?::text[])");
            params.add(cpoSessionIds.stream().map(CiString::key).toArray(String[]::new));
        }
        for (ObjectKey key : linked) {
            any.add("(country_code = ? and party_id = ? and id = ?)");
            params.add(key.countryCode());
            params.add(key.partyId());
            params.add(key.id());
        }
        where.append(any.isEmpty() ? " and false" : " and (" + String.join(" or ", any) + ")");
    }

    private record Row(ObjectKey key, UUID connectionId, String sessionId, Instant receivedAt, Instant lastUpdated,
                       JsonNode doc) {
    }

    private Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(new ObjectKey(rs.getString("country_code"), rs.getString("party_id"), rs.getString("id")),
                rs.getObject("connection_id", UUID.class), rs.getString("session_id"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_updated").toInstant(),
                mapper.readTree(rs.getString("doc")));
    }

    private List<CdrView> views(List<Row> rows) {
        Set<ObjectKey> keys = new HashSet<>();
        rows.forEach(r -> keys.add(r.key()));
        var links = robotSessions.linksByCdr(keys);
        return rows.stream().map(r -> {
            var link = links.get(r.key());
            return new CdrView(r.doc().path("country_code").asString(r.key().countryCode()),
                    r.doc().path("party_id").asString(r.key().partyId()), r.doc().path("id").asString(r.key().id()),
                    r.connectionId(), r.sessionId(), link == null ? null : link.sessionId(),
                    link == null ? null : link.robotJobId(), r.receivedAt(), r.lastUpdated(), r.doc());
        }).toList();
    }
}
