package com.rollyy.emsp.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps what a token resolved to for a few seconds, so a burst of pushes from one CPO does not
 * query the database for every request. Any change to connections or tokens empties it at once
 * (and again after the change commits), so in this process a revoked token stops working
 * immediately; another instance of the service notices within {@link #TTL}. An entry never
 * outlives its token's own expiry. Size-bounded by Caffeine (unknown tokens are not cached, so a
 * flood of bad tokens cannot evict the good ones); meters {@code cache_*{cache="token_owners"}}.
 */
@Component
class TokenOwnerCache {

    static final Duration TTL = Duration.ofSeconds(10);
    static final long MAX_ENTRIES = 10_000;

    private final Cache<String, ConnectionRepository.TokenOwner> entries;

    @Autowired
    TokenOwnerCache(ObjectProvider<MeterRegistry> meters) {
        this(MAX_ENTRIES, null);
        meters.ifAvailable(registry -> CaffeineCacheMetrics.monitor(registry, entries, "token_owners"));
    }

    TokenOwnerCache(long maxEntries, Executor executor) {
        var builder = Caffeine.newBuilder().maximumSize(maxEntries).recordStats()
                .expireAfter(new Expiry<String, ConnectionRepository.TokenOwner>() {
                    @Override
                    public long expireAfterCreate(String key, ConnectionRepository.TokenOwner owner, long now) {
                        Duration left = TTL;
                        if (owner.expiresAt() != null) {
                            Duration untilExpiry = Duration.between(Instant.now(), owner.expiresAt());
                            left = untilExpiry.compareTo(left) < 0 ? untilExpiry : left;
                        }
                        return Math.max(0, left.toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, ConnectionRepository.TokenOwner owner, long now,
                                                  long currentDuration) {
                        return expireAfterCreate(key, owner, now);
                    }

                    @Override
                    public long expireAfterRead(String key, ConnectionRepository.TokenOwner owner, long now,
                                                long currentDuration) {
                        return currentDuration;
                    }
                });
        if (executor != null) {
            builder.executor(executor);
        }
        this.entries = builder.build();
    }

    Optional<ConnectionRepository.TokenOwner> get(String tokenHash,
                                                  Supplier<Optional<ConnectionRepository.TokenOwner>> load) {
        ConnectionRepository.TokenOwner cached = entries.getIfPresent(tokenHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ConnectionRepository.TokenOwner> owner = load.get();
        if (owner.isPresent()) {
            entries.put(tokenHash, owner.get());
        } else {
            entries.invalidate(tokenHash);
        }
        return owner;
    }

    /** Connections or tokens changed: forget everything now, and again once the change is committed. */
    void invalidate() {
        entries.invalidateAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entries.invalidateAll();
                }
            });
        }
    }
}
