package com.rollyy.emsp.tokens;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The token table. Timestamps are stored to the millisecond, as they go out on the wire. */
@Repository
class TokenRepository {

    private static final String COLUMNS = """
            uid_key, type, uid, country_code, party_id, contract_id, visual_number, issuer, group_id, valid,
            whitelist, language, default_profile_type, energy_contract_supplier_name, energy_contract_contract_id,
            fleet_id, robot_id, allowed_location_ids, expires_at, last_updated""";

    private final JdbcClient jdbc;

    TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when a token with this uid and type exists already. */
    boolean insert(StoredToken t) {
        return jdbc.sql("insert into token (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?::text[], ?, ?) on conflict do nothing")
                .params(values(t)).update() == 1;
    }

    void update(StoredToken t) {
        var params = new ArrayList<>(Arrays.asList(values(t)).subList(2, 20));
        params.add(t.key().uidKey());
        params.add(t.type().name());
        jdbc.sql("""
                update token set uid = ?, country_code = ?, party_id = ?, contract_id = ?, visual_number = ?,
                       issuer = ?, group_id = ?, valid = ?, whitelist = ?, language = ?, default_profile_type = ?,
                       energy_contract_supplier_name = ?, energy_contract_contract_id = ?, fleet_id = ?, robot_id = ?,
                       allowed_location_ids = ?::text[], expires_at = ?, last_updated = ?
                 where uid_key = ? and type = ?""").params(params).update();
    }

    Optional<StoredToken> find(TokenKey key) {
        return jdbc.sql("select * from token where uid_key = ? and type = ?")
                .params(key.uidKey(), key.type().name()).query(this::map).optional();
    }

    /** Locks the row for a read-modify-write. */
    Optional<StoredToken> findForUpdate(TokenKey key) {
        return jdbc.sql("select * from token where uid_key = ? and type = ? for update")
                .params(key.uidKey(), key.type().name()).query(this::map).optional();
    }

    List<StoredToken> withUid(String uidKey) {
        return jdbc.sql("select * from token where uid_key = ? order by type").param(uidKey).query(this::map).list();
    }

    List<StoredToken> list(String fleetId, String robotId, Boolean valid, int limit, int offset) {
        return jdbc.sql("""
                select * from token
                 where (?::text is null or fleet_id = ?) and (?::text is null or robot_id = ?)
                   and (?::boolean is null or valid = ?)
                 order by last_updated, uid_key, type limit ? offset ?""")
                .params(fleetId, fleetId, robotId, robotId, valid, valid, limit, offset).query(this::map).list();
    }

    long count(Instant from, Instant to) {
        return jdbc.sql("select count(*) from token where (?::timestamptz is null or last_updated >= ?)"
                        + " and (?::timestamptz is null or last_updated < ?)")
                .params(ts(from), ts(from), ts(to), ts(to)).query(Long.class).single();
    }

    /** Every valid token, for a CPO that has just connected. */
    List<StoredToken> allValid() {
        return jdbc.sql("select * from token where valid order by last_updated, uid_key, type").query(this::map).list();
    }

    List<StoredToken> page(Instant from, Instant to, int offset, int limit) {
        return jdbc.sql("select * from token where (?::timestamptz is null or last_updated >= ?)"
                        + " and (?::timestamptz is null or last_updated < ?)"
                        + " order by last_updated, uid_key, type offset ? limit ?")
                .params(ts(from), ts(from), ts(to), ts(to), offset, limit).query(this::map).list();
    }

    /**
     * Tokens whose uid, contract id or visual number starts with {@code prefix} (any case; null =
     * all), valid or not (null = both), in uid order: the console's search.
     */
    List<StoredToken> search(String prefix, Boolean valid, int limit, int offset) {
        String like = prefix == null ? null : prefix.toUpperCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                select * from token
                 where (?::text is null or uid_key like ? or upper(contract_id) like ? or upper(visual_number) like ?)
                   and (?::boolean is null or valid = ?)
                 order by uid_key, type limit ? offset ?""")
                .params(like, like, like, like, valid, valid, limit, offset).query(this::map).list();
    }

    void pushScheduled(TokenPushes.Job job, TokenPushes.Method method, Instant at) {
        jdbc.sql("""
                insert into token_push (uid_key, type, version, connection_id, method, scheduled_at, outcome)
                values (?, ?, ?, ?, ?, ?, 'PENDING') on conflict do nothing""")
                .params(TokenKey.of(job.uid(), job.type()).uidKey(), job.type().name(),
                        ts(Instant.ofEpochMilli(job.lastUpdatedMillis())), job.connectionId(), method.name(), ts(at))
                .update();
    }

    /** How a push went; {@code tried} counts an attempt. */
    void pushOutcome(TokenPushes.Job job, TokenPush.Outcome outcome, boolean tried, String error) {
        boolean finished = outcome != TokenPush.Outcome.RETRYING && outcome != TokenPush.Outcome.PENDING;
        jdbc.sql("""
                update token_push set outcome = ?, attempts = attempts + ?, last_error = coalesce(?, last_error),
                       finished_at = case when ? then now() end
                 where uid_key = ? and type = ? and version = ? and connection_id = ?""")
                .params(outcome.name(), tried ? 1 : 0, error, finished, TokenKey.of(job.uid(), job.type()).uidKey(),
                        job.type().name(), ts(Instant.ofEpochMilli(job.lastUpdatedMillis())), job.connectionId())
                .update();
    }

    /** The newest pushes of a token, newest change first. */
    List<TokenPush> pushes(TokenKey key, int limit) {
        return jdbc.sql("""
                select connection_id, version, method, scheduled_at, outcome, attempts, last_error, finished_at
                  from token_push where uid_key = ? and type = ?
                 order by version desc, scheduled_at desc, connection_id limit ?""")
                .params(key.uidKey(), key.type().name(), limit)
                .query((rs, n) -> {
                    Timestamp finished = rs.getTimestamp("finished_at");
                    return new TokenPush(rs.getObject("connection_id", java.util.UUID.class),
                            rs.getTimestamp("version").toInstant(), rs.getString("method"),
                            rs.getTimestamp("scheduled_at").toInstant(), TokenPush.Outcome.valueOf(rs.getString("outcome")),
                            rs.getInt("attempts"), rs.getString("last_error"),
                            finished == null ? null : finished.toInstant());
                }).list();
    }

    private static Object[] values(StoredToken t) {
        var contract = t.energyContract();
        return new Object[] {t.key().uidKey(), t.type().name(), t.uid(), t.countryCode(), t.partyId(), t.contractId(),
                t.visualNumber(), t.issuer(), t.groupId(), t.valid(), t.whitelist().name(), t.language(),
                t.defaultProfileType() == null ? null : t.defaultProfileType().name(),
                contract == null ? null : contract.supplierName(), contract == null ? null : contract.contractId(),
                t.fleetId(), t.robotId(), pgArray(t.allowedLocationIds()), ts(t.expiresAt()), ts(t.lastUpdated())};
    }

    /** A text[] literal: our ids are CiStrings (printable ASCII), quoted and escaped for the array syntax. */
    private static String pgArray(List<String> values) {
        var sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"')
                    .append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private StoredToken map(ResultSet rs, int row) throws SQLException {
        String supplier = rs.getString("energy_contract_supplier_name");
        String profile = rs.getString("default_profile_type");
        Array locations = rs.getArray("allowed_location_ids");
        Timestamp expires = rs.getTimestamp("expires_at");
        return new StoredToken(rs.getString("country_code"), rs.getString("party_id"), rs.getString("uid"),
                Token.Type.valueOf(rs.getString("type")), rs.getString("contract_id"), rs.getString("visual_number"),
                rs.getString("issuer"), rs.getString("group_id"), rs.getBoolean("valid"),
                Token.Whitelist.valueOf(rs.getString("whitelist")), rs.getString("language"),
                profile == null ? null : Token.ProfileType.valueOf(profile),
                supplier == null ? null : new Token.EnergyContract(supplier, rs.getString("energy_contract_contract_id")),
                rs.getString("fleet_id"), rs.getString("robot_id"),
                locations == null ? List.of() : List.of((String[]) locations.getArray()),
                expires == null ? null : expires.toInstant(), rs.getTimestamp("last_updated").toInstant());
    }
}
