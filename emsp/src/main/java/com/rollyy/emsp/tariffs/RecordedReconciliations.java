package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * The reconciliation of each CDR as it was when the CDR arrived (table cdr_reconciliation): what
 * the console lists as discrepancies, read from an index instead of re-pricing every CDR.
 */
@Service
public class RecordedReconciliations {

    /** One CDR's reconciliation; deltas are CPO's minus ours excl. VAT, null where the CDR reports no such cost. */
    public record Recorded(ObjectKey cdr, UUID connectionId, String sessionId, String tariffId, String currency,
                           BigDecimal cpoTotalExclVat, BigDecimal cpoTotalInclVat, BigDecimal ourTotalExclVat,
                           BigDecimal ourTotalInclVat, BigDecimal totalDeltaExclVat, BigDecimal totalDeltaInclVat,
                           BigDecimal energyDelta, BigDecimal timeDelta, BigDecimal parkingDelta,
                           BigDecimal fixedDelta, BigDecimal reservationDelta, boolean differs, BigDecimal tolerance,
                           List<String> issues, Instant createdAt, Instant reviewedAt, String reviewedBy,
                           String reviewNote) {

        /** Differs and nobody marked it reviewed yet. */
        public boolean open() {
            return differs && reviewedAt == null;
        }
    }

    private static final String COLUMNS = """
            country_code, party_id, cdr_id, connection_id, session_id, tariff_id, currency, cpo_total_excl_vat,
            cpo_total_incl_vat, our_total_excl_vat, our_total_incl_vat, total_delta_excl_vat, total_delta_incl_vat,
            energy_delta, time_delta, parking_delta, fixed_delta, reservation_delta, differs, tolerance, issues,
            created_at, reviewed_at, reviewed_by, review_note""";

    private final JdbcClient jdbc;

    RecordedReconciliations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the outcome of re-pricing this CDR, in the caller's transaction (the one storing the CDR). */
    public void record(ObjectKey cdr, UUID connectionId, TariffPricing.Reconciliation reconciliation) {
        var issues = reconciliation.issues() == null ? List.<String>of() : reconciliation.issues();
        boolean differs = issues.contains(TariffPricing.ReconcileIssue.TOTAL_DISCREPANCY.code())
                || issues.contains(TariffPricing.ReconcileIssue.DIMENSION_DISCREPANCY.code());
        var reported = reconciliation.cpoReportedCost();
        var ours = reconciliation.calculatedCost();
        var delta = reconciliation.discrepancy();
        jdbc.sql("""
                        insert into cdr_reconciliation (country_code, party_id, cdr_id, connection_id, session_id,
                            tariff_id, currency, cpo_total_excl_vat, cpo_total_incl_vat, our_total_excl_vat,
                            our_total_incl_vat, total_delta_excl_vat, total_delta_incl_vat, energy_delta, time_delta,
                            parking_delta, fixed_delta, reservation_delta, differs, tolerance, issues)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (country_code, party_id, cdr_id) do update set connection_id = excluded.connection_id,
                            session_id = excluded.session_id, tariff_id = excluded.tariff_id,
                            currency = excluded.currency, cpo_total_excl_vat = excluded.cpo_total_excl_vat,
                            cpo_total_incl_vat = excluded.cpo_total_incl_vat,
                            our_total_excl_vat = excluded.our_total_excl_vat,
                            our_total_incl_vat = excluded.our_total_incl_vat,
                            total_delta_excl_vat = excluded.total_delta_excl_vat,
                            total_delta_incl_vat = excluded.total_delta_incl_vat, energy_delta = excluded.energy_delta,
                            time_delta = excluded.time_delta, parking_delta = excluded.parking_delta,
                            fixed_delta = excluded.fixed_delta, reservation_delta = excluded.reservation_delta,
                            differs = excluded.differs, tolerance = excluded.tolerance, issues = excluded.issues,
                            created_at = now()""")
                .params(cdr.countryCode(), cdr.partyId(), cdr.id(), connectionId, reconciliation.sessionId(),
                        reconciliation.tariffId(), reconciliation.currency(), reported.exclVat(), reported.inclVat(),
                        ours.exclVat(), ours.inclVat(), delta.exclVat(), delta.inclVat(),
                        delta(reconciliation, "energy"), delta(reconciliation, "time"),
                        delta(reconciliation, "parking"), delta(reconciliation, "fixed"),
                        delta(reconciliation, "reservation"), differs, reconciliation.tolerance(),
                        String.join(",", issues))
                .update();
    }

    private static BigDecimal delta(TariffPricing.Reconciliation reconciliation, String dimension) {
        return reconciliation.costs() == null ? null : reconciliation.costs().stream()
                .filter(c -> c.dimension().equals(dimension) && c.discrepancy() != null)
                .map(c -> c.discrepancy().exclVat()).findFirst().orElse(null);
    }

    /** How many CDRs differ from our price and are not reviewed yet (an index-only count over a partial index). */
    public long countOpen() {
        return jdbc.sql("select count(*) from cdr_reconciliation where differs and reviewed_at is null")
                .query(Long.class).single();
    }

    /** How many CDRs differ from our price and were reviewed. */
    public long countReviewed() {
        return jdbc.sql("select count(*) from cdr_reconciliation where differs and reviewed_at is not null")
                .query(Long.class).single();
    }

    /**
     * CDRs that differ, newest first, older than {@code before} (null: from the newest): the open
     * ones ({@code reviewed} false) or the reviewed ones.
     */
    public List<Recorded> differing(Recorded before, int limit, boolean reviewed) {
        var params = new ArrayList<Object>();
        String where = reviewed ? "differs and reviewed_at is not null" : "differs and reviewed_at is null";
        if (before != null) {
            where += " and (created_at, cdr_id) < (?, ?)";
            params.add(Timestamp.from(before.createdAt()));
            params.add(before.cdr().id());
        }
        params.add(limit);
        return jdbc.sql("select " + COLUMNS + " from cdr_reconciliation where " + where
                        + " order by created_at desc, cdr_id desc limit ?")
                .params(params).query(RecordedReconciliations::recorded).list();
    }

    /**
     * Marks an open discrepancy reviewed: false when the CDR does not differ or was reviewed already
     * (the first review stands).
     */
    public boolean review(ObjectKey cdr, String by, String note) {
        return jdbc.sql("""
                        update cdr_reconciliation set reviewed_at = now(), reviewed_by = ?, review_note = ?
                         where country_code = ? and party_id = ? and cdr_id = ? and differs and reviewed_at is null""")
                .params(by, note, cdr.countryCode(), cdr.partyId(), cdr.id()).update() == 1;
    }

    public Optional<Recorded> find(ObjectKey cdr) {
        return jdbc.sql("select " + COLUMNS + " from cdr_reconciliation where country_code = ? and party_id = ?"
                        + " and cdr_id = ?")
                .params(cdr.countryCode(), cdr.partyId(), cdr.id()).query(RecordedReconciliations::recorded).optional();
    }

    private static Recorded recorded(ResultSet rs, int n) throws SQLException {
        String issues = rs.getString("issues");
        return new Recorded(new ObjectKey(rs.getString("country_code"), rs.getString("party_id"),
                rs.getString("cdr_id")), rs.getObject("connection_id", UUID.class), rs.getString("session_id"),
                rs.getString("tariff_id"), rs.getString("currency"), rs.getBigDecimal("cpo_total_excl_vat"),
                rs.getBigDecimal("cpo_total_incl_vat"), rs.getBigDecimal("our_total_excl_vat"),
                rs.getBigDecimal("our_total_incl_vat"), rs.getBigDecimal("total_delta_excl_vat"),
                rs.getBigDecimal("total_delta_incl_vat"), rs.getBigDecimal("energy_delta"),
                rs.getBigDecimal("time_delta"), rs.getBigDecimal("parking_delta"), rs.getBigDecimal("fixed_delta"),
                rs.getBigDecimal("reservation_delta"), rs.getBoolean("differs"), rs.getBigDecimal("tolerance"),
                issues == null || issues.isEmpty() ? List.of() : Arrays.asList(issues.split(",")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("reviewed_at") == null ? null : rs.getTimestamp("reviewed_at").toInstant(),
                rs.getString("reviewed_by"), rs.getString("review_note"));
    }
}
