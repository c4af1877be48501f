package com.rollyy.emsp.connections;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Connections and the tokens we issued to them. Peer tokens are encrypted here, on the way in and out. */
@Repository
class ConnectionRepository {

    private static final TypeReference<List<VersionInfo.Endpoint>> ENDPOINTS = new TypeReference<>() { };
    private static final TypeReference<List<CredentialsRole>> ROLES = new TypeReference<>() { };

    private static final String COLUMNS = "c.id, c.cpo_name, c.status, c.initiated_by, c.versions_url, c.version, "
            + "c.endpoints, c.roles, c.country_code, c.party_id, c.peer_token, c.raw_token_auth, c.created_at, "
            + "c.updated_at, c.hub, c.quirks";

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final TokenCipher cipher;
    private final TokenOwnerCache cache;

    ConnectionRepository(JdbcClient jdbc, ObjectMapper mapper, TokenCipher cipher, TokenOwnerCache cache) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.cipher = cipher;
        this.cache = cache;
    }

    enum TokenKind { REGISTRATION, CREDENTIALS }

    void insert(UUID id, String cpoName, ConnectionStatus status, Connection.Initiator initiator,
                String versionsUrl, boolean rawTokenAuth) {
        jdbc.sql("""
                insert into connection (id, cpo_name, status, initiated_by, versions_url, raw_token_auth)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, cpoName, status.name(), initiator.name(), versionsUrl, rawTokenAuth)
                .update();
    }

    /** Marks the connection as one to the configured hub {@code hub}. */
    void setHub(UUID id, String hub) {
        cache.invalidate();
        jdbc.sql("update connection set hub = ? where id = ?").params(hub, id).update();
    }

    void insertToken(String token, UUID connectionId, TokenKind kind, Instant expiresAt) {
        cache.invalidate();
        jdbc.sql("insert into issued_token (token_hash, connection_id, kind, expires_at) values (?, ?, ?, ?)")
                .params(Tokens.hash(token), connectionId, kind.name(), expiresAt == null ? null : Timestamp.from(expiresAt))
                .update();
    }

    /**
     * A token we issued (neither revoked nor expired) and what authentication needs of its
     * connection: no peer token, so nothing to decrypt on the hot path.
     */
    record TokenOwner(UUID connectionId, ConnectionStatus status, List<CredentialsRole> roles, TokenKind kind,
                      Instant expiresAt, String hub, boolean tolerateNewerEnums) {

        /** Only a connection made through /v1/roaming/connect is a hub: a role in credentials is a claim, not proof. */
        boolean isHub() {
            return hub != null;
        }
    }

    /**
     * "CC/PID" of every party a hub may not speak for: ours and the roles of every other
     * connection that is not unregistered.
     */
    java.util.Set<String> partiesClaimedOutside(UUID connectionId, String ourParty) {
        var claimed = new java.util.HashSet<String>(jdbc.sql("""
                select distinct upper(r->>'country_code') || '/' || upper(r->>'party_id')
                  from connection c, jsonb_array_elements(c.roles) r
                 where c.id <> ? and c.status <> 'UNREGISTERED'""").param(connectionId).query(String.class).list());
        claimed.add(ourParty);
        return java.util.Set.copyOf(claimed);
    }

    Optional<TokenOwner> findTokenOwner(String token) {
        String hash = Tokens.hash(token);
        return cache.get(hash, () -> jdbc.sql("select c.id, c.status, c.roles, t.kind, t.expires_at, c.hub,"
                        + " coalesce((c.quirks->>'tolerate_newer_enums')::boolean, false)"
                        + " from issued_token t join connection c"
                        + " on c.id = t.connection_id where t.token_hash = ? and t.revoked_at is null"
                        + " and (t.expires_at is null or t.expires_at > now())")
                .param(hash)
                .query((rs, n) -> new TokenOwner(rs.getObject(1, UUID.class),
                        ConnectionStatus.valueOf(rs.getString(2)), mapper.readValue(rs.getString(3), ROLES),
                        TokenKind.valueOf(rs.getString(4)),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getBoolean(7)))
                .optional());
    }

    Optional<Connection> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from connection c where c.id = ?").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    /** Locks the row for the rest of the transaction: handshake steps on one connection run one at a time. */
    Optional<Connection> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from connection c where c.id = ? for update").param(id)
                .query((rs, n) -> map(rs)).optional();
    }

    List<Connection> findVisible() {
        return jdbc.sql("select " + COLUMNS + " from connection c where c.status <> 'REGISTERING'"
                        + " order by c.created_at, c.id")
                .query((rs, n) -> map(rs)).list();
    }

    /**
     * Active connections with this versions URL, oldest first. Usually none or one; several when
     * CPOs registered with us through invitations (a multi-tenant platform, or a CPO that lost its
     * state and registered again), which we accept.
     */
    List<Connection> findActiveByVersionsUrl(String versionsUrl) {
        return jdbc.sql("select " + COLUMNS + " from connection c where c.status = 'ACTIVE' and c.versions_url = ?"
                        + " order by c.created_at, c.id")
                .param(versionsUrl).query((rs, n) -> map(rs)).list();
    }

    /**
     * Unregistered connections (other than {@code except}) that registered with this party
     * among their roles: the party's objects they still own are the new connection's to take.
     */
    List<UUID> retiredOfParty(UUID except, String countryCode, String partyId) {
        return jdbc.sql("""
                select c.id from connection c
                 where c.status = 'UNREGISTERED' and c.id <> ?
                   and exists (select 1 from jsonb_array_elements(c.roles) r
                                where upper(r->>'country_code') = upper(?) and upper(r->>'party_id') = upper(?))""")
                .params(except, countryCode, partyId).query(UUID.class).list();
    }

    /** Other active connections that registered with this party among their roles. */
    List<Connection> activeOfParty(UUID except, String countryCode, String partyId) {
        return jdbc.sql("select " + COLUMNS + " from connection c where c.status = 'ACTIVE' and c.id <> ?"
                        + " and exists (select 1 from jsonb_array_elements(c.roles) r"
                        + " where upper(r->>'country_code') = upper(?) and upper(r->>'party_id') = upper(?))"
                        + " order by c.created_at, c.id")
                .params(except, countryCode, partyId).query((rs, n) -> map(rs)).list();
    }

    /** Everything a completed handshake (or credentials update) settles. */
    void saveRegistration(UUID id, String cpoName, String versionsUrl, String version, List<VersionInfo.Endpoint> endpoints,
                          List<CredentialsRole> roles, String peerToken) {
        cache.invalidate();
        var main = roles.stream().filter(r -> r.role() == CredentialsRole.Role.CPO).findFirst()
                .orElse(roles.isEmpty() ? null : roles.get(0));
        jdbc.sql("""
                update connection set status = 'ACTIVE', cpo_name = ?, versions_url = ?, version = ?, endpoints = ?::jsonb,
                       roles = ?::jsonb, country_code = ?, party_id = ?, peer_token = ?, updated_at = now()
                where id = ?""")
                .params(cpoName, versionsUrl, version, mapper.writeValueAsString(endpoints), mapper.writeValueAsString(roles),
                        main == null ? null : main.countryCode().toUpperCase(java.util.Locale.ROOT),
                        main == null ? null : main.partyId().toUpperCase(java.util.Locale.ROOT),
                        cipher.encrypt(peerToken), id)
                .update();
    }

    void setRawTokenAuth(UUID id, boolean raw) {
        cache.invalidate();
        jdbc.sql("update connection set raw_token_auth = ?, updated_at = now() where id = ?").params(raw, id).update();
    }

    /** Unregistered: kept for history, the peer's token forgotten, every token we issued revoked. */
    void markUnregistered(UUID id) {
        cache.invalidate();
        jdbc.sql("update connection set status = 'UNREGISTERED', peer_token = null, updated_at = now() where id = ?")
                .param(id).update();
        revokeAllTokens(id);
    }

    void revokeAllTokens(UUID connectionId) {
        cache.invalidate();
        jdbc.sql("update issued_token set revoked_at = now() where connection_id = ? and revoked_at is null")
                .param(connectionId).update();
    }

    void revokeToken(String token) {
        cache.invalidate();
        jdbc.sql("update issued_token set revoked_at = now() where token_hash = ? and revoked_at is null")
                .param(Tokens.hash(token)).update();
    }

    /** Revokes every token of the connection except the given one. */
    void revokeTokensExcept(UUID connectionId, String keep) {
        cache.invalidate();
        jdbc.sql("update issued_token set revoked_at = now()"
                        + " where connection_id = ? and token_hash <> ? and revoked_at is null")
                .params(connectionId, Tokens.hash(keep)).update();
    }

    void delete(UUID id) {
        cache.invalidate();
        jdbc.sql("delete from connection where id = ?").param(id).update();
    }

    /** Registrations we started but never finished (the process died mid-handshake). */
    int deleteStaleRegistrations(Instant olderThan) {
        cache.invalidate();
        return jdbc.sql("delete from connection where status = 'REGISTERING' and created_at < ?")
                .param(Timestamp.from(olderThan)).update();
    }

    private Connection map(ResultSet rs) throws SQLException {
        String peerToken = rs.getString("peer_token");
        return new Connection(
                rs.getObject("id", UUID.class),
                rs.getString("cpo_name"),
                ConnectionStatus.valueOf(rs.getString("status")),
                Connection.Initiator.valueOf(rs.getString("initiated_by")),
                rs.getString("versions_url"),
                rs.getString("version"),
                mapper.readValue(rs.getString("endpoints"), ENDPOINTS),
                mapper.readValue(rs.getString("roles"), ROLES),
                rs.getString("country_code"),
                rs.getString("party_id"),
                peerToken == null ? null : cipher.decrypt(peerToken),
                rs.getBoolean("raw_token_auth"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("hub"),
                readQuirks(rs.getString("quirks")));
    }

    void setQuirks(UUID id, com.rollyy.emsp.ocpi.PartnerQuirks quirks) {
        cache.invalidate();
        var json = new java.util.LinkedHashMap<String, Object>();
        if (quirks.pageSizeCap() != null) {
            json.put("page_size_cap", quirks.pageSizeCap());
        }
        json.put("routing_headers", quirks.routingHeaders());
        json.put("tolerate_newer_enums", quirks.tolerateNewerEnums());
        if (quirks.requestTimeout() != null) {
            json.put("request_timeout", quirks.requestTimeout().toString());
        }
        json.put("rewrite_internal_links", quirks.rewriteInternalLinks());
        jdbc.sql("update connection set quirks = ?::jsonb, updated_at = now() where id = ?")
                .params(mapper.writeValueAsString(json), id).update();
    }

    private com.rollyy.emsp.ocpi.PartnerQuirks readQuirks(String json) {
        var spec = com.rollyy.emsp.ocpi.PartnerQuirks.SPEC;
        if (json == null) {
            return spec;
        }
        tools.jackson.databind.JsonNode node = mapper.readTree(json);
        tools.jackson.databind.JsonNode cap = node.path("page_size_cap");
        tools.jackson.databind.JsonNode timeout = node.path("request_timeout");
        return new com.rollyy.emsp.ocpi.PartnerQuirks(
                cap.isIntegralNumber() ? cap.asInt() : null,
                node.path("routing_headers").asBoolean(spec.routingHeaders()),
                node.path("tolerate_newer_enums").asBoolean(spec.tolerateNewerEnums()),
                timeout.isString() ? java.time.Duration.parse(timeout.asString()) : null,
                node.path("rewrite_internal_links").asBoolean(spec.rewriteInternalLinks()));
    }
}
