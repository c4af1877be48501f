package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.config.RateLimitProperties;
import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * Two instances of the service on one PostgreSQL: two {@link RateLimiter}s, each with its own
 * Bucket4j proxy manager and its own copies of the buckets, as two JVMs would have, on the test
 * database. Together they allow what one bucket allows, not twice that.
 */
class SharedRateLimitTest extends EmspIntegrationTest {

    @Autowired
    DataSource dataSource;

    private static RateLimitProperties limits(int burst, int syncTokens) {
        var p = new RateLimitProperties();
        p.setOcpiPerSecond(0.01); // one token back every 100 s: none during the test
        p.setOcpiBurst(burst);
        p.setSyncTokens(syncTokens);
        return p;
    }

    private RateLimiter instance(RateLimitProperties properties) {
        return new RateLimiter(properties, dataSource, id -> RateLimitProperties.Limit.NONE, new SimpleMeterRegistry());
    }

    /** Requests alternate between the two instances; answers how many were let through. */
    private static int allowed(UUID connection, int requests, RateLimiter a, RateLimiter b) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            if ((i % 2 == 0 ? a : b).ocpi(connection).isEmpty()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void twoInstancesTogetherAllowTheBurstOnceWhenEveryRequestSynchronizes() {
        var properties = limits(10, 0);
        var connection = UUID.randomUUID();
        RateLimiter first = instance(properties);
        RateLimiter second = instance(properties);

        assertThat(allowed(connection, 40, first, second)).as("burst 10 in total, not 10 per instance").isEqualTo(10);
        var refused = second.ocpi(connection);
        assertThat(refused).isPresent();
        assertThat(refused.getAsLong()).as("Retry-After: one token at 0.01/s").isBetween(99L, 100L);
        assertThat(first.ocpi(UUID.randomUUID())).as("another connection has its own bucket").isEmpty();
    }

    @Test
    void withDelayedSynchronizationTheOvershootIsAtMostSyncTokensPerInstance() {
        // burst 200: each instance may take up to min(sync-tokens 5, 200 / 10) = 5 tokens unseen by the other
        var properties = limits(200, 5);
        properties.setSyncInterval(java.time.Duration.ofSeconds(30)); // only the token threshold makes them sync
        var connection = UUID.randomUUID();
        RateLimiter first = instance(properties);
        RateLimiter second = instance(properties);

        int allowed = allowed(connection, 1000, first, second);
        assertThat(allowed).as("the burst, plus at most 2 instances × 5 tokens, never 2 × 200")
                .isBetween(200, 210);
        // the overdraft is owed: the bucket stays empty for both
        assertThat(first.ocpi(connection)).isPresent();
        assertThat(second.ocpi(connection)).isPresent();
    }
}
