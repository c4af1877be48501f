package com.rollyy.emsp.connections;

import java.util.UUID;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.RateLimitProperties;
import com.rollyy.emsp.ocpi.ConnectionRateLimits;

/**
 * A connection's rate-limit override (columns {@code rate_limit_per_second}, {@code rate_limit_burst}),
 * read on the OCPI hot path through a cache of {@code rollyy.rate-limit.connection-refresh}: a
 * change applies at once on the instance that made it and within that time on every other one.
 */
@Component
class ConnectionRateLimitStore implements ConnectionRateLimits {

    private static final int MAX_ENTRIES = 10_000;

    private final JdbcClient jdbc;
    /** Each entry kept for {@code connection-refresh} as it is when the entry is read (tests shorten it). */
    private final LoadingCache<UUID, RateLimitProperties.Limit> cache;

    ConnectionRateLimitStore(JdbcClient jdbc, RateLimitProperties properties) {
        this.jdbc = jdbc;
        this.cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
                .expireAfter(Expiry.<UUID, RateLimitProperties.Limit>writing(
                        (id, limit) -> properties.getConnectionRefresh()))
                .build(this::read);
    }

    @Override
    public RateLimitProperties.Limit of(UUID connectionId) {
        return cache.get(connectionId);
    }

    private RateLimitProperties.Limit read(UUID connectionId) {
        return jdbc.sql("select rate_limit_per_second, rate_limit_burst from connection where id = ?")
                .param(connectionId)
                .query((rs, n) -> new RateLimitProperties.Limit(rs.getObject(1, Double.class),
                        rs.getObject(2, Integer.class)))
                .optional().orElse(RateLimitProperties.Limit.NONE);
    }

    /** Replaces the override; {@code null} fields go back to the default. */
    void set(UUID connectionId, RateLimitProperties.Limit limit) {
        jdbc.sql("update connection set rate_limit_per_second = ?, rate_limit_burst = ?, updated_at = now() where id = ?")
                .params(limit.perSecond(), limit.burst(), connectionId).update();
        cache.invalidate(connectionId);
    }
}
