package com.rollyy.emsp.ocpi;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The list GET a receiver offers its peer: the caller's own objects as we hold them, by
 * last_updated then key (stable across requests), filtered by date_from/date_to. Every
 * document table has the same columns for this (country_code, party_id, id, connection_id,
 * doc, last_updated).
 */
@Component
public class OwnedDocuments {

    private static final Set<String> TABLES = Set.of("tariff", "charging_session", "cdr");
    /**
     * What a party's new connection takes over from its retired ones: what the CPO keeps
     * changing. CDRs are not moved: they are immutable and stay with the connection that
     * delivered them.
     */
    private static final List<String> ADOPTED = List.of("location", "tariff", "charging_session");

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public OwnedDocuments(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Moves the objects of one party owned by any of {@code from} (connections that are no longer
     * registered) to {@code to}, in the caller's transaction. Returns how many rows moved, per table.
     */
    public java.util.Map<String, Integer> adopt(java.util.Collection<UUID> from, UUID to, String countryCode,
                                                String partyId) {
        var moved = new java.util.LinkedHashMap<String, Integer>();
        if (from.isEmpty()) {
            return moved;
        }
        String[] owners = from.stream().map(UUID::toString).toArray(String[]::new);
        for (String table : ADOPTED) {
            int rows = jdbc.sql("update " + table + " set connection_id = ? where connection_id = any (?::uuid[])"
                            + " and country_code = ? and party_id = ?")
                    .params(to, owners, CiString.key(countryCode), CiString.key(partyId)).update();
            moved.put(table, rows);
        }
        return moved;
    }

    /** @param visible extra condition on the table's own columns (a constant, never input), or null */
    public OcpiPage<JsonNode> page(String table, String visible, UUID connectionId, OcpiPageRequest page) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a document table: " + table);
        }
        var sql = new StringBuilder(" from ").append(table).append(" where connection_id = ?");
        var params = new ArrayList<Object>(List.of(connectionId));
        if (visible != null) {
            sql.append(" and ").append(visible);
        }
        if (page.dateFrom() != null) {
            sql.append(" and last_updated >= ?");
            params.add(Timestamp.from(page.dateFrom()));
        }
        if (page.dateTo() != null) {
            sql.append(" and last_updated < ?");
            params.add(Timestamp.from(page.dateTo()));
        }
        long total = jdbc.sql("select count(*)" + sql).params(params).query(Long.class).single();
        if (page.offset() >= total) {
            return new OcpiPage<>(List.of(), total);
        }
        params.add(page.offset());
        params.add(page.limit());
        List<JsonNode> items = jdbc.sql("select doc" + sql + " order by last_updated, country_code, party_id, id"
                        + " offset ? limit ?")
                .params(params).query((rs, n) -> mapper.readTree(rs.getString(1))).list();
        return new OcpiPage<>(items, total);
    }
}
