package com.rollyy.emsp.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything an operator configures, bound from {@code rollyy.*} (environment variables
 * {@code ROLLYY_*}). docs/configuration.md lists every key.
 */
@ConfigurationProperties("rollyy")
public record RollyyProperties(
        String publicUrl,
        String apiKey,
        @DefaultValue List<String> apiKeys,
        @DefaultValue("NL") String countryCode,
        @DefaultValue("RYY") String partyId,
        @DefaultValue("Rollyy") String businessName,
        String businessWebsite,
        String secretKey,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("7d") Duration invitationTtl,
        @DefaultValue Ocpi ocpi) {

    public record Ocpi(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("100") int maxPageLimit,
            @DefaultValue("1000") int clientMaxPageSize,
            @DefaultValue("16777216") int clientMaxResponseBytes,
            @DefaultValue("false") boolean allowPrivatePeers,
            @DefaultValue({"2.1.1", "2.2.1", "2.3.0"}) List<String> versions) {
    }

    /** All product API keys: {@code ROLLYY_API_KEY} plus the optional list {@code ROLLYY_API_KEYS}. */
    public List<String> allApiKeys() {
        var keys = new java.util.ArrayList<String>();
        if (apiKey != null && !apiKey.isBlank()) {
            keys.add(apiKey.strip());
        }
        apiKeys.stream().filter(k -> k != null && !k.isBlank()).map(String::strip).forEach(keys::add);
        return List.copyOf(keys);
    }
}
