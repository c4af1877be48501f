package com.rollyy.emsp.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The authorize cache under a flood of random token uids: the tokens in use stay cached. */
class TokenCacheTest {

    @Test
    void aFloodOfRandomUidsDoesNotEvictTheTokensInUse() {
        var cache = new TokenCache(Duration.ofMinutes(1), 1_000, Runnable::run);
        var hotLoads = new AtomicInteger();
        TokenKey hot = TokenKey.of("ROBOT-1", Token.Type.RFID);
        for (int i = 0; i < 20; i++) {
            cache.get(hot, k -> {
                hotLoads.incrementAndGet();
                return Optional.empty();
            });
        }
        // ten times the cache's size of uids, each seen once (a CPO forwarding random cards)
        for (int i = 0; i < 10_000; i++) {
            cache.get(TokenKey.of("FLOOD-" + i, Token.Type.RFID), k -> Optional.empty());
            if (i % 100 == 0) {
                cache.get(hot, k -> {
                    hotLoads.incrementAndGet();
                    return Optional.empty();
                });
            }
        }
        int before = hotLoads.get();
        cache.get(hot, k -> {
            hotLoads.incrementAndGet();
            return Optional.empty();
        });
        assertThat(hotLoads.get()).as("the hot token is still cached after the flood").isEqualTo(before);
        assertThat(before).as("loaded once, never reloaded during the flood").isEqualTo(1);
    }

    @Test
    void anEvictionDuringALoadKeepsTheLoadedCopyOut() {
        var cache = new TokenCache(Duration.ofMinutes(1), 100, Runnable::run);
        TokenKey key = TokenKey.of("T1", Token.Type.RFID);
        cache.get(key, k -> {
            cache.evict(k); // a change committed while we read the old row
            return Optional.empty();
        });
        var loads = new AtomicInteger();
        cache.get(key, k -> {
            loads.incrementAndGet();
            return Optional.empty();
        });
        assertThat(loads.get()).as("what was read during the change was not kept").isEqualTo(1);
    }
}
