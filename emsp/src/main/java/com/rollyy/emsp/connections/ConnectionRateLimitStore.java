package com.rollyy.emsp.connections;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
    private final RateLimitProperties properties;
    /** A plain map on the hot path (no cache bookkeeping per read); connections are few. */
    private final ConcurrentHashMap<UUID, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(RateLimitProperties.Limit limit, long readAt) {
    }

    ConnectionRateLimitStore(JdbcClient jdbc, RateLimitProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public RateLimitProperties.Limit of(UUID connectionId) {
        long now = System.nanoTime();
        Entry entry = cache.get(connectionId);
        if (entry == null || now - entry.readAt() > properties.getConnectionRefresh().toNanos()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            entry = new Entry(read(connectionId), now);
            cache.put(connectionId, entry);
        }
        return entry.limit();
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
        cache.remove(connectionId);
    }
}
