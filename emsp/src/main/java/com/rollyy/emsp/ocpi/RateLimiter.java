package com.rollyy.emsp.ocpi;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.RateLimitProperties;

/**
 * Token buckets per caller (an OCPI connection, a product API key), kept by Bucket4j in the
 * {@code rate_limit_bucket} table, so every instance on the same PostgreSQL draws from the same
 * bucket. A request takes a token; the bucket refills at the configured rate up to the burst
 * size. Refused requests get the seconds until a token is back (Retry-After).
 *
 * <p>Cost per request: an instance takes up to {@code sync-tokens} (at most a tenth of the burst)
 * from its own copy of a bucket and writes them to PostgreSQL at the next synchronization, at the
 * latest after {@code sync-interval} (Bucket4j's delaying optimization; concurrent requests share
 * one round trip). The price: N instances can each take that many tokens the others do not see
 * yet, so the bucket can be overdrawn by N × sync-tokens; the debt is paid back by the refill, so
 * the long-run rate stays the configured one.
 *
 * <p>The limits are part of a bucket's id: a change of limits (configuration, or a connection's
 * override) starts a new, full bucket. When PostgreSQL fails, requests pass (fail open) for
 * {@code backend-pause}, counted in {@code rollyy_rate_limit_backend_errors_total}.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final String TABLE = "rate_limit_bucket";
    private static final long MAX_BUCKETS = 100_000;

    private final RateLimitProperties properties;
    private final ConnectionRateLimits connections;
    private final ProxyManager<String> proxies;
    private final JdbcClient jdbc;
    private final Counter backendErrors;
    /**
     * This instance's bucket proxies (each with its unsynchronized tokens), by bucket id. A plain map
     * on the hot path (no cache bookkeeping per read): ids are few, one per connection and key and
     * limit; the bound only guards against a bug.
     */
    private final ConcurrentHashMap<String, BucketProxy> buckets = new ConcurrentHashMap<>();
    /** System.nanoTime() until which checks are skipped after a database error (fail open). */
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());

    public RateLimiter(RateLimitProperties properties, DataSource dataSource, ConnectionRateLimits connections,
                       MeterRegistry meters) {
        this.properties = properties;
        this.connections = connections;
        this.jdbc = JdbcClient.create(dataSource);
        this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE).idColumn("id").stateColumn("state")
                .build();
        this.backendErrors = Counter.builder("rollyy_rate_limit_backend_errors")
                .description("Rate-limit checks that could not reach PostgreSQL and let the request through (fail open)")
                .register(meters);
    }

    /** A caller's limit as it applies now, and whether each part is the configured default. */
    public record Effective(boolean enabled, double perSecond, int burst, boolean perSecondDefault,
                            boolean burstDefault) {
    }

    /** Empty when the request may go on, else the seconds to wait. */
    public OptionalLong ocpi(UUID connectionId) {
        if (!properties.isEnabled() || paused()) {
            return OptionalLong.empty();
        }
        Effective limit;
        try {
            limit = ocpiLimit(connectionId);
        } catch (RuntimeException e) {
            return failOpen(e);
        }
        return take("ocpi:" + connectionId, limit);
    }

    /** {@code keyId}: the API key's id ({@link #apiKeyId(String)}). */
    public OptionalLong api(String keyId) {
        if (!properties.isEnabled()) {
            return OptionalLong.empty();
        }
        return take("api:" + keyId, apiLimit(keyId));
    }

    public Effective ocpiLimit(UUID connectionId) {
        return effective(connections.of(connectionId), properties.getOcpiPerSecond(), properties.getOcpiBurst());
    }

    public Effective apiLimit(String keyId) {
        var override = properties.getApiKeys().getOrDefault(keyId, RateLimitProperties.Limit.NONE);
        return effective(override, properties.getApiPerSecond(), properties.getApiBurst());
    }

    private Effective effective(RateLimitProperties.Limit override, double perSecond, int burst) {
        var o = override == null ? RateLimitProperties.Limit.NONE : override;
        return new Effective(properties.isEnabled(), o.perSecond() != null ? o.perSecond() : perSecond,
                o.burst() != null ? o.burst() : burst, o.perSecond() == null, o.burst() == null);
    }

    /**
     * The id of a product API key in logs and configuration: the first 12 hex digits of its
     * SHA-256, which names the key without revealing it.
     */
    public static String apiKeyId(String key) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OptionalLong take(String caller, Effective limit) {
        if (limit.perSecond() <= 0) {
            return OptionalLong.empty();
        }
        if (paused()) {
            return OptionalLong.empty();
        }
        int burst = Math.max(1, limit.burst());
        String id = caller + ":" + limit.perSecond() + ":" + burst;
        BucketProxy bucket = buckets.get(id);
        if (bucket == null) {
            if (buckets.size() >= MAX_BUCKETS) {
                buckets.clear();
            }
            bucket = buckets.computeIfAbsent(id, k -> bucket(k, limit.perSecond(), burst));
        }
        ConsumptionProbe probe;
        try {
            probe = bucket.tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            buckets.remove(id); // its local state is unknown after a failed synchronization
            return failOpen(e);
        }
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    private boolean paused() {
        return System.nanoTime() - pausedUntil.get() < 0;
    }

    private BucketProxy bucket(String id, double perSecond, int burst) {
        // greedy refill: burst tokens per burst/perSecond seconds is perSecond tokens per second, token by token
        long period = Math.max(1, Math.round(burst * 1e9 / perSecond));
        var configuration = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(burst).refillGreedy(burst, Duration.ofNanos(period)))
                .build();
        long unsynchronized = Math.min(properties.getSyncTokens(), burst / 10);
        var builder = proxies.builder();
        if (unsynchronized >= 1 && properties.getSyncInterval().toNanos() > 0) {
            builder = builder.withOptimization(Optimizations.delaying(
                    new DelayParameters(unsynchronized, properties.getSyncInterval())));
        } else {
            builder = builder.withOptimization(Optimizations.batching());
        }
        return builder.build(id, () -> configuration);
    }

    private OptionalLong failOpen(RuntimeException e) {
        backendErrors.increment();
        long now = System.nanoTime();
        long previous = pausedUntil.get();
        long until = now + Math.max(0, properties.getBackendPause().toNanos());
        // one log line per pause: the first request that finds the database gone
        if (now - previous >= 0 && pausedUntil.compareAndSet(previous, until)) {
            log.warn("Rate limits not checked for {}: the database is unavailable ({}); requests pass meanwhile",
                    properties.getBackendPause(), e.toString());
        }
        return OptionalLong.empty();
    }

    /** Refills every bucket, for every instance (tests; this instance's copies are dropped). */
    public void reset() {
        buckets.clear();
        pausedUntil.set(System.nanoTime());
        jdbc.sql("delete from " + TABLE).update();
    }
}
