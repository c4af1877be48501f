package com.rollyy.emsp.connections;

import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** ClientInfo per hub connection and party; an older last_updated never replaces a newer one. */
@Repository
class HubClientInfoRepository {

    private final JdbcClient jdbc;

    HubClientInfoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when stored (new or newer), false when what we hold is newer */
    boolean upsert(UUID connectionId, ClientInfo info) {
        return jdbc.sql("""
                insert into hub_client_info (connection_id, country_code, party_id, role, status, last_updated)
                values (?, ?, ?, ?, ?, ?)
                on conflict (connection_id, country_code, party_id) do update
                set role = excluded.role, status = excluded.status, last_updated = excluded.last_updated
                where hub_client_info.last_updated <= excluded.last_updated""")
                .params(connectionId, info.countryCode().toUpperCase(Locale.ROOT),
                        info.partyId().toUpperCase(Locale.ROOT), info.role(), info.status().name(),
                        Timestamp.from(info.lastUpdated()))
                .update() > 0;
    }

    Optional<ClientInfo> find(UUID connectionId, String countryCode, String partyId) {
        return jdbc.sql("select party_id, country_code, role, status, last_updated from hub_client_info"
                        + " where connection_id = ? and country_code = ? and party_id = ?")
                .params(connectionId, countryCode.toUpperCase(Locale.ROOT), partyId.toUpperCase(Locale.ROOT))
                .query((rs, n) -> map(rs)).optional();
    }

    List<ClientInfo> all(UUID connectionId) {
        return jdbc.sql("select party_id, country_code, role, status, last_updated from hub_client_info"
                        + " where connection_id = ? order by country_code, party_id")
                .param(connectionId).query((rs, n) -> map(rs)).list();
    }

    private static ClientInfo map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ClientInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                ClientInfo.Status.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant());
    }
}
