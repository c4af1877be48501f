package com.rollyy.emsp.tokens;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.ocpi.IssuedTokens;

/**
 * Our tokens by contract id, for the 2.1.1 translation of {@code auth_id}. Several tokens may
 * share a contract id (an RFID card and an app token of one driver); a valid one is preferred,
 * then RFID (the type a 2.1.1 CPO knows), then the most recently changed.
 */
@Component
class IssuedTokensByContract implements IssuedTokens {

    private final JdbcClient jdbc;

    IssuedTokensByContract(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Issued> byContractId(String contractId) {
        if (contractId == null || contractId.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select country_code, party_id, uid, type, contract_id from token where upper(contract_id) = upper(?)
                 order by valid desc, (type = 'RFID') desc, last_updated desc limit 1""")
                .param(contractId)
                .query((rs, n) -> new Issued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .optional();
    }

    @Override
    public java.util.List<String> typesOf(String uid) {
        if (uid == null || uid.isBlank()) {
            return java.util.List.of();
        }
        return jdbc.sql("select type from token where uid_key = ? order by type").param(TokenKey.of(uid,
                Token.Type.RFID).uidKey()).query(String.class).list();
    }
}
