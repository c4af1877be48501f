package com.rollyy.emsp.cdrs;

import java.sql.Timestamp;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiException;

/**
 * Stores CDRs pushed by CPOs. CDRs are immutable: the first copy wins, a repeat (same party and
 * id) is acknowledged and changes nothing, so a resent CDR can never be billed twice.
 */
@Service
public class CdrReceiver {

    private static final Logger log = LoggerFactory.getLogger(CdrReceiver.class);

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    CdrReceiver(JdbcClient jdbc, ObjectMapper mapper, org.springframework.transaction.support.TransactionTemplate tx,
                org.springframework.context.ApplicationEventPublisher events,
                io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.tx = tx;
        this.events = events;
    }

    /** @return true when this CDR is new, false when we already held it */
    boolean receive(OcpiCaller caller, Cdr cdr) {
        caller.requireParty(cdr.countryCode(), cdr.partyId(), null);
        return receive(caller.connectionId(), cdr);
    }

    /**
     * Stores a CDR of a party of {@code connectionId} (checked by the caller). When it is new,
     * {@link CdrReceived} is published in the same transaction: whatever listeners queue (the
     * payment) exists exactly when the CDR does.
     */
    boolean receive(java.util.UUID connectionId, Cdr cdr) {
        var key = new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.id());
        if (Boolean.TRUE.equals(cdr.credit()) && (cdr.creditReferenceId() == null || cdr.creditReferenceId().isBlank())) {
            throw OcpiException.invalidParameter("Field 'credit_reference_id' is required on a credit CDR");
        }
        if (beyondAnyPayment(cdr.totalCost().exclVat()) || beyondAnyPayment(cdr.totalCost().inclVat())) {
            throw OcpiException.invalidParameter("Field 'total_cost' is out of range (at most " + MAX_TOTAL.toPlainString()
                    + " either way)");
        }
        boolean negative = cdr.totalCost().exclVat().signum() < 0
                || (cdr.totalCost().inclVat() != null && cdr.totalCost().inclVat().signum() < 0);
        if (negative && !Boolean.TRUE.equals(cdr.credit())) {
            throw OcpiException.invalidParameter("Field 'total_cost' is negative: only a credit CDR (credit: true)"
                    + " may have negative totals");
        }
        try {
            return Boolean.TRUE.equals(tx.execute(s -> insert(connectionId, key, cdr)));
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /**
     * A CDR is paid in the currency's minor units (a long): 1e30 EUR passed validation, then
     * overflowed while its payment was queued, a 500 the CPO would retry for ever. No charging
     * session costs a billion.
     */
    private static final java.math.BigDecimal MAX_TOTAL = new java.math.BigDecimal("1000000000");

    private static boolean beyondAnyPayment(java.math.BigDecimal amount) {
        return amount != null && amount.abs().compareTo(MAX_TOTAL) > 0;
    }

    private boolean insert(java.util.UUID connectionId, ObjectKey key, Cdr cdr) {
        int inserted = jdbc.sql("""
                insert into cdr (country_code, party_id, id, connection_id, session_id, doc, last_updated)
                values (?, ?, ?, ?, ?, ?::jsonb, ?) on conflict (country_code, party_id, id) do nothing""")
                .params(key.countryCode(), key.partyId(), key.id(), connectionId, cdr.sessionId(),
                        mapper.writeValueAsString(cdr), Timestamp.from(cdr.lastUpdated()))
                .update();
        if (inserted == 0) {
            log.info("CDR {}/{}/{} received again: acknowledged, nothing changed", key.countryCode(),
                    key.partyId(), key.id());
            return false;
        }
        events.publishEvent(new CdrReceived(key, connectionId, cdr));
        // new CDRs only (pushed or pulled); a repeated one is not counted
        com.rollyy.emsp.config.AfterCommit.run(() -> meters.counter("rollyy.cdrs.received", "credit",
                String.valueOf(Boolean.TRUE.equals(cdr.credit()))).increment());
        return true;
    }

    /** A CDR of the caller's connection by id (ids are unique per party; the caller's parties decide). */
    Optional<JsonNode> find(OcpiCaller caller, String id) {
        return jdbc.sql("select doc from cdr where connection_id = ? and id = upper(?) order by created_at limit 1")
                .params(caller.connectionId(), id)
                .query((rs, n) -> mapper.readTree(rs.getString(1))).optional();
    }
}
