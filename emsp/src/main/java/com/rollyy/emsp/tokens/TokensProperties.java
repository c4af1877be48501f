package com.rollyy.emsp.tokens;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tokens ({@code rollyy.tokens.*}).
 *
 * @param cacheTtl       how long an instance trusts its in-memory copy of a token for authorize;
 *                       the instance that changes a token forgets its copy at once, others within this
 * @param pushBackoff    wait after the first failed push to a CPO; doubled after each further failure
 * @param pushBackoffCap the longest wait between two attempts
 * @param pushMaxAge     a push still failing this long after the change is given up (logged as FAILED)
 * @param pushTimeout    read timeout of one push
 */
@ConfigurationProperties("rollyy.tokens")
public record TokensProperties(@DefaultValue("30s") Duration cacheTtl, @DefaultValue("30s") Duration pushBackoff,
                               @DefaultValue("1h") Duration pushBackoffCap, @DefaultValue("3d") Duration pushMaxAge,
                               @DefaultValue("10s") Duration pushTimeout) {
}
