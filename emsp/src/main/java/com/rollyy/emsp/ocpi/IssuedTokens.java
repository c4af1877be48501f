package com.rollyy.emsp.ocpi;

import java.util.Optional;

/**
 * Our tokens by their contract id, for the translations of versions whose Sessions and CDRs name
 * a token only by it (OCPI 2.1.1 {@code auth_id} = the Token's {@code auth_id}, 2.2.1's
 * {@code contract_id}): the 2.2.1 {@code cdr_token} is rebuilt from the token we issued. Declared
 * here so the transport knows no capability; implemented by each package that issues tokens
 * (tokens: the tokens we push; robotjobs: the one-session tokens of START_SESSION).
 */
public interface IssuedTokens {

    /** The token we issued with this contract id (case-insensitive), if this package issued it. */
    Optional<Issued> byContractId(String contractId);

    /**
     * The types of our tokens with this uid (case-insensitive), for versions that know fewer
     * types than we issue (2.1.1: RFID and OTHER); empty where this package does not say.
     */
    default java.util.List<String> typesOf(String uid) {
        return java.util.List.of();
    }

    /** A token of ours as a 2.2.1 CdrToken names it. */
    record Issued(String countryCode, String partyId, String uid, String type, String contractId) {
    }
}
