package com.rollyy.emsp.cdrs;

import java.util.Optional;

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

    /** The (non-credit) CDR of a session; the newest when a CPO sent several. */
    public Optional<StoredCdr> forSession(String sessionId) {
        return jdbc.sql("select doc from cdr where upper(session_id) = ? and coalesce((doc->>'credit')::boolean, false)"
                        + " = false order by last_updated desc limit 1")
                .param(CiString.key(sessionId))
                .query((rs, n) -> mapper.readValue(rs.getString(1), StoredCdr.class)).optional();
    }
}
