package com.rollyy.emsp.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a peer's request may change, in one round trip: a digest of every row of the tables OCPI
 * writes to (documents, connections and their tokens, commands, profiles, hub clients) and the
 * number of payments and webhook events (their delivery state moves in the background, their
 * number must not). Two equal snapshots mean nothing was stored or changed.
 */
public final class DbSnapshot {

    static final List<String> TABLES = List.of("connection", "issued_token", "location", "evse", "charging_session",
            "cdr", "tariff", "hub_client_info", "token", "ocpi_command", "charging_profile",
            "charging_profile_request", "robot_job", "job_session");

    private DbSnapshot() {
    }

    public static Map<String, String> take(JdbcClient jdbc) {
        var sql = new StringBuilder("select ");
        for (String table : TABLES) {
            sql.append("(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') from ").append(table)
                    .append(" t), ");
        }
        sql.append("(select count(*)::text from payment), (select count(*)::text from webhook_event)");
        return jdbc.sql(sql.toString()).query((rs, n) -> {
            Map<String, String> digest = new LinkedHashMap<>();
            for (int i = 0; i < TABLES.size(); i++) {
                digest.put(TABLES.get(i), rs.getString(i + 1));
            }
            digest.put("payments", rs.getString(TABLES.size() + 1));
            digest.put("webhook_events", rs.getString(TABLES.size() + 2));
            return digest;
        }).single();
    }

    /** The tables whose content differs between two snapshots, empty when none. */
    public static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).toList();
    }
}
