package com.rollyy.emsp.tokens;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tokens (and unknown uids) as last read, for the authorize hot path. A change made through this
 * instance evicts the token at once and again after commit, so a revoked token is refused here
 * immediately; another instance of the service may answer from its copy for up to
 * {@link TokensProperties#cacheTtl()}. Unknown uids are cached too, so a CPO retrying a foreign
 * card does not hit the database each time. Bounded by size with Caffeine's admission policy: a
 * flood of random uids (each seen once) does not push out the tokens robots use all day.
 * Exported as the cache meters {@code cache_*{cache="tokens"}}.
 */
@Component
class TokenCache {

    static final long MAX_ENTRIES = 200_000;

    private final Cache<TokenKey, Optional<StoredToken>> entries;
    /** Counts evictions: a load that overlapped one does not cache what it read. */
    private final AtomicLong evictions = new AtomicLong();

    @Autowired
    TokenCache(TokensProperties properties, ObjectProvider<MeterRegistry> meters) {
        this(properties.cacheTtl(), MAX_ENTRIES, null);
        meters.ifAvailable(registry -> CaffeineCacheMetrics.monitor(registry, entries, "tokens"));
    }

    /** @param executor Caffeine's maintenance executor, or null for its default (tests run it inline) */
    TokenCache(Duration ttl, long maxEntries, Executor executor) {
        var builder = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).recordStats();
        if (executor != null) {
            builder.executor(executor);
        }
        this.entries = builder.build();
    }

    Optional<StoredToken> get(TokenKey key, Function<TokenKey, Optional<StoredToken>> load) {
        Optional<StoredToken> cached = entries.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        long generation = evictions.get();
        Optional<StoredToken> token = load.apply(key);
        // a change evicted while we were loading: what we read may be the old row, so it is not kept
        if (evictions.get() == generation) {
            entries.put(key, token);
        }
        return token;
    }

    /** The token changed: forget it now, and again once the change is committed (a reader may reload the old row meanwhile). */
    void evict(TokenKey key) {
        evictions.incrementAndGet();
        entries.invalidate(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evictions.incrementAndGet();
                    entries.invalidate(key);
                }
            });
        }
    }
}
