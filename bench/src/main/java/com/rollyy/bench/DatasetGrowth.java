package com.rollyy.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Grows the stored history (robot jobs, their sessions and commands, the CPOs' sessions, CDRs,
 * payments, webhook events) and the token table in PostgreSQL itself, with
 * {@code insert … select … from <table>, generate_series(…)}: seconds for hundreds of thousands
 * of rows, where the product API would take minutes. Copy {@code g} of a row gets every key and
 * every reference suffixed with {@code /g} (uuids: {@code md5(id || '/' || g)}), so copies are
 * distinct from each other and from the originals, and point at each other as the originals do.
 * Copies of live sessions are stored as failed: more history, not more robots charging.
 */
final class DatasetGrowth {

    /** Per table (in foreign-key order), the columns whose copy differs from the original. */
    private static final Map<String, Map<String, String>> HISTORY = new LinkedHashMap<>();

    static {
        HISTORY.put("robot_job", Map.of(
                "id", uuid("id"),
                "charging_session_id", suffixed("charging_session_id"),
                "status", "case when status in ('queued', 'completed', 'failed', 'cancelled') then status else 'failed' end"));
        HISTORY.put("job_session", Map.of(
                "id", suffixed("id"),
                "robot_job_id", uuid("robot_job_id"),
                "token_uid", suffixed("token_uid"),
                "ocpi_session_id", suffixed("ocpi_session_id"),
                "cdr_id", suffixed("cdr_id"),
                "status", "case when status in ('pending', 'active', 'stopping') then 'failed' else status end"));
        HISTORY.put("ocpi_command", Map.of(
                "id", uuid("id"),
                "job_session_id", suffixed("job_session_id")));
        HISTORY.put("charging_session", Map.of(
                "id", suffixed("id"),
                "doc", "jsonb_set(doc, '{id}', to_jsonb(id || '/' || g))",
                "authorization_reference", suffixed("authorization_reference")));
        HISTORY.put("cdr", Map.of(
                "id", suffixed("id"),
                "session_id", suffixed("session_id"),
                "doc", "jsonb_set(doc, '{id}', to_jsonb(id || '/' || g))"));
        HISTORY.put("payment", Map.of(
                "id", uuid("id"),
                "cdr_id", suffixed("cdr_id"),
                "credited_cdr_id", suffixed("credited_cdr_id"),
                "robot_job_id", "md5(robot_job_id || '/' || g)::uuid::text",
                "idempotency_key", suffixed("idempotency_key"),
                "stripe_id", suffixed("stripe_id")));
        HISTORY.put("webhook_event", Map.of(
                "id", uuid("id"),
                "robot_job_id", uuid("robot_job_id")));
        // what the console reads besides (energy samples, delivery attempts, recorded reconciliations, refunds)
        HISTORY.put("job_session_progress", Map.of(
                "job_session_id", suffixed("job_session_id")));
        HISTORY.put("webhook_attempt", Map.of(
                "event_id", uuid("event_id")));
        HISTORY.put("cdr_reconciliation", Map.of(
                "cdr_id", suffixed("cdr_id"),
                "session_id", suffixed("session_id")));
        HISTORY.put("payment_refund", Map.of(
                "id", uuid("id"),
                "payment_id", uuid("payment_id"),
                "request_key", suffixed("request_key"),
                "idempotency_key", suffixed("idempotency_key"),
                "stripe_refund_id", suffixed("stripe_refund_id")));
    }

    private DatasetGrowth() {
    }

    private static String uuid(String column) {
        return "md5(" + column + "::text || '/' || g)::uuid";
    }

    private static String suffixed(String column) {
        return column + " || '/' || g";
    }

    /**
     * Makes every history table hold {@code factor} times its rows.
     *
     * @return rows added per table
     */
    static Map<String, Long> growHistory(JdbcClient jdbc, int factor) {
        var added = new LinkedHashMap<String, Long>();
        for (var table : HISTORY.entrySet()) {
            added.put(table.getKey(), copy(jdbc, table.getKey(), table.getValue(),
                    "from " + table.getKey() + ", generate_series(1, " + (factor - 1) + ") g"));
        }
        jdbc.sql("analyze " + String.join(", ", HISTORY.keySet())).update();
        return added;
    }

    /**
     * Makes the CDR table alone hold {@code factor} times its rows: copies suffixed {@code /c<g>}
     * (distinct from {@link #growHistory}'s), naming sessions that do not exist, as CDRs of sessions
     * started elsewhere do.
     */
    static long growCdrs(JdbcClient jdbc, int factor) {
        long n = copy(jdbc, "cdr", Map.of(
                        "id", "id || '/c' || g",
                        "session_id", "session_id || '/c' || g",
                        "doc", "jsonb_set(doc, '{id}', to_jsonb(id || '/c' || g))"),
                "from cdr, generate_series(1, " + (factor - 1) + ") g");
        copy(jdbc, "cdr_reconciliation", Map.of(
                        "cdr_id", "cdr_id || '/c' || g",
                        "session_id", "session_id || '/c' || g"),
                "from cdr_reconciliation, generate_series(1, " + (factor - 1) + ") g");
        jdbc.sql("analyze cdr, cdr_reconciliation").update();
        return n;
    }

    /**
     * Adds tokens {@code BENCH<from>} to {@code BENCH<to - 1>} (RFID, valid), copies of
     * {@code BENCH0} as the product API created it.
     */
    static long addTokens(JdbcClient jdbc, int from, int to) {
        long n = copy(jdbc, "token", Map.of(
                        "uid_key", "'BENCH' || g",
                        "uid", "'BENCH' || g",
                        "contract_id", "'NL-RYY-C' || g"),
                "from token, generate_series(" + from + ", " + (to - 1) + ") g where uid_key = 'BENCH0'"
                        + " and type = 'RFID'");
        jdbc.sql("analyze token").update();
        return n;
    }

    private static long copy(JdbcClient jdbc, String table, Map<String, String> changed, String from) {
        List<String> columns = jdbc.sql("select column_name from information_schema.columns where table_schema ="
                        + " current_schema() and table_name = ? and is_identity = 'NO' and is_generated = 'NEVER'"
                        + " order by ordinal_position")
                .param(table).query(String.class).list();
        if (columns.isEmpty()) {
            throw new IllegalStateException("no table " + table);
        }
        if (!columns.containsAll(changed.keySet())) {
            throw new IllegalStateException(table + " has no column among " + changed.keySet() + ": " + columns);
        }
        String select = columns.stream().map(c -> changed.getOrDefault(c, c)).collect(Collectors.joining(", "));
        return jdbc.sql("insert into " + table + " (" + String.join(", ", columns) + ") select " + select + " " + from)
                .update();
    }
}
