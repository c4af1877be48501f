package com.rollyy.emsp.cdrs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.ocpi.CiString;

/** Read access to stored CDRs for other packages. */
@Service
public class CdrService {

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    CdrService(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** The parts of a received CDR that pricing reads. */
    public StoredCdr stored(Cdr cdr) {
        return mapper.convertValue(cdr, StoredCdr.class);
    }

    /** A stored CDR by its key. */
    public Optional<StoredCdr> find(com.rollyy.emsp.ocpi.ObjectKey key) {
        return jdbc.sql("select doc from cdr where country_code = ? and party_id = ? and id = ?")
                .params(key.countryCode(), key.partyId(), key.id())
                .query((rs, n) -> mapper.readValue(rs.getString(1), StoredCdr.class)).optional();
    }

    /** A stored CDR and the connection it arrived over (null for CDRs stored before connections were kept). */
    public record Found(UUID connectionId, StoredCdr cdr) {
    }

    /**
     * Every non-credit CDR whose session_id is this CPO session id, of any CPO, newest first:
     * session ids are unique per CPO party only, so two CPOs may share one.
     */
    public List<Found> bySessionId(String sessionId) {
        return jdbc.sql("select connection_id, doc from cdr where upper(session_id) = ?"
                        + " and coalesce((doc->>'credit')::boolean, false) = false order by last_updated desc")
                .param(CiString.key(sessionId)).query((rs, n) -> found(rs)).list();
    }

    /** Every CDR with this id, of any CPO party (ids are unique per party only), newest first. */
    public List<Found> byId(String cdrId) {
        return jdbc.sql("select connection_id, doc from cdr where id = ? order by last_updated desc")
                .param(CiString.key(cdrId)).query((rs, n) -> found(rs)).list();
    }

    private Found found(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Found(rs.getObject(1, UUID.class), mapper.readValue(rs.getString(2), StoredCdr.class));
    }

    /** The (non-credit) CDR of a session; the newest when a CPO sent several. */
    public Optional<StoredCdr> forSession(String sessionId) {
        return jdbc.sql("select doc from cdr where upper(session_id) = ? and coalesce((doc->>'credit')::boolean, false)"
                        + " = false order by last_updated desc limit 1")
                .param(CiString.key(sessionId))
                .query((rs, n) -> mapper.readValue(rs.getString(1), StoredCdr.class)).optional();
    }
}
