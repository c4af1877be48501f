package com.rollyy.emsp.robotjobs;

import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.IssuedTokens;

/**
 * The one-session tokens our START_SESSIONs carry ({@link JobToken}) by their contract id: a CPO
 * on OCPI 2.1.1 names the token of its Session and CDR only by it ({@code auth_id}), and the
 * session is matched to its robot job by the token's uid. The contract id is
 * {@code {cc}-{pid}-} and the first 29 hex digits of the uid (V39 indexes that expression).
 */
@Component
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE) // asked first: its prefix test needs no query
class JobTokensByContract implements IssuedTokens {

    private static final int DIGITS = 29;

    private final JdbcClient jdbc;
    private final RollyyProperties properties;

    JobTokensByContract(JdbcClient jdbc, RollyyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public Optional<Issued> byContractId(String contractId) {
        String prefix = (properties.countryCode() + "-" + properties.partyId() + "-").toUpperCase(Locale.ROOT);
        if (contractId == null || prefix.length() + DIGITS != 36) {
            return Optional.empty();
        }
        String upper = contractId.strip().toUpperCase(Locale.ROOT);
        if (!upper.startsWith(prefix) || upper.length() != 36) {
            return Optional.empty();
        }
        String digits = upper.substring(prefix.length());
        return jdbc.sql("""
                select token_uid from job_session where left(upper(replace(token_uid, '-', '')), 29) = ?
                 order by created_at desc limit 1""")
                .param(digits).query(String.class).optional()
                .filter(uid -> JobToken.contractId(uid, properties).equalsIgnoreCase(contractId.strip()))
                .map(uid -> new Issued(properties.countryCode(), properties.partyId(), uid, "AD_HOC_USER",
                        JobToken.contractId(uid, properties)));
    }
}
