package com.rollyy.emsp.tokens;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tokens (and unknown uids) as last read, for the authorize hot path. A change made through this
 * instance evicts the token at once and again after commit, so a revoked token is refused here
 * immediately; another instance of the service may answer from its copy for up to
 * {@link TokensProperties#cacheTtl()}. Unknown uids are cached too, so a CPO retrying a foreign
 * card does not hit the database each time.
 */
@Component
class TokenCache {

    private static final int MAX_ENTRIES = 200_000;

    private record Entry(Optional<StoredToken> token, long untilNanos) {
    }

    private final ConcurrentHashMap<TokenKey, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    TokenCache(TokensProperties properties) {
        this.ttlNanos = properties.cacheTtl().toNanos();
    }

    /** Counts evictions: a load that overlapped one does not cache what it read. */
    private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();

    Optional<StoredToken> get(TokenKey key, Function<TokenKey, Optional<StoredToken>> load) {
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.untilNanos() < 0) {
            return entry.token();
        }
        long generation = evictions.get();
        Optional<StoredToken> token = load.apply(key);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // crude, but bounded: a flood of random uids cannot grow the heap
        }
        // a change evicted while we were loading: what we read may be the old row, so it is not kept
        if (evictions.get() == generation) {
            entries.put(key, new Entry(token, now + ttlNanos));
        }
        return token;
    }

    /** The token changed: forget it now, and again once the change is committed (a reader may reload the old row meanwhile). */
    void evict(TokenKey key) {
        evictions.incrementAndGet();
        entries.remove(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evictions.incrementAndGet();
                    entries.remove(key);
                }
            });
        }
    }
}
