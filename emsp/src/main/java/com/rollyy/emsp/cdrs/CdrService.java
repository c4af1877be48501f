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

    /**
     * The parts of a received CDR that pricing reads, as {@link #find} would read them back once
     * stored: taken from the CDR itself, not through a JSON round trip of the whole CDR. DateTimes
     * are cut to milliseconds as the stored document holds them; {@code charging_periods} become
     * JSON as stored, {@code tariffs} stay the tree that came in.
     */
    public StoredCdr stored(Cdr cdr) {
        Cdr.CdrLocation where = cdr.cdrLocation();
        return new StoredCdr(cdr.countryCode(), cdr.partyId(), cdr.id(), cdr.sessionId(), millis(cdr.startDateTime()),
                millis(cdr.endDateTime()), cdr.currency(),
                where == null ? null : new StoredCdr.CdrLocation(where.id(), where.evseUid(), where.connectorId()),
                cdr.tariffs(),
                cdr.chargingPeriods() == null ? null : mapper.valueToTree(cdr.chargingPeriods()), cdr.totalCost(),
                cdr.totalEnergy(), cdr.totalTime(), cdr.totalParkingTime(), cdr.credit(), cdr.totalFixedCost(),
                cdr.totalEnergyCost(), cdr.totalTimeCost(), cdr.totalParkingCost(), cdr.totalReservationCost());
    }

    private static java.time.Instant millis(java.time.Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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

    /** A stored CDR with its key and the connection it arrived over. */
    public record Keyed(com.rollyy.emsp.ocpi.ObjectKey key, UUID connectionId, StoredCdr cdr) {
    }

    /**
     * Non-credit CDRs stored before {@code before} whose reconciliation was never recorded, in key
     * order after {@code after} (null: from the first): the reconciliation backfill's batches.
     */
    public List<Keyed> notReconciled(java.time.Instant before, com.rollyy.emsp.ocpi.ObjectKey after, int limit) {
        var params = new java.util.ArrayList<Object>(List.of(java.sql.Timestamp.from(before)));
        String from = "";
        if (after != null) {
            from = " and (c.country_code, c.party_id, c.id) > (?, ?, ?)";
            params.addAll(List.of(after.countryCode(), after.partyId(), after.id()));
        }
        params.add(limit);
        return jdbc.sql("""
                        select c.country_code, c.party_id, c.id, c.connection_id, c.doc from cdr c
                         where c.created_at < ? and coalesce((c.doc->>'credit')::boolean, false) = false
                           and not exists (select 1 from cdr_reconciliation r where r.country_code = c.country_code
                                             and r.party_id = c.party_id and r.cdr_id = c.id)""" + from
                        + " order by c.country_code, c.party_id, c.id limit ?")
                .params(params)
                .query((rs, n) -> new Keyed(new com.rollyy.emsp.ocpi.ObjectKey(rs.getString(1), rs.getString(2),
                        rs.getString(3)), rs.getObject(4, UUID.class), mapper.readValue(rs.getString(5), StoredCdr.class)))
                .list();
    }
}
