package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.config.RateLimitProperties;
import com.rollyy.emsp.support.EmspIntegrationTest;

/** A connection's own limit set on one instance reaches another within connection-refresh. */
class ConnectionRateLimitStoreTest extends EmspIntegrationTest {

    @Test
    void anOverrideSetOnOneInstanceAppliesOnTheOtherAfterTheRefresh() throws Exception {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into connection (id, cpo_name, status, initiated_by) values (?, 'CPO', 'ACTIVE', 'EMSP')")
                .param(id).update();
        var properties = new RateLimitProperties();
        properties.setConnectionRefresh(Duration.ofMillis(300));
        var first = new ConnectionRateLimitStore(jdbc, properties);
        var second = new ConnectionRateLimitStore(jdbc, properties);
        assertThat(second.of(id)).isEqualTo(RateLimitProperties.Limit.NONE);

        var limit = new RateLimitProperties.Limit(2.5, 7);
        first.set(id, limit);
        assertThat(first.of(id)).as("at once where it was set").isEqualTo(limit);
        assertThat(second.of(id)).as("the other instance still has what it read").isEqualTo(RateLimitProperties.Limit.NONE);
        Thread.sleep(400);
        assertThat(second.of(id)).as("after connection-refresh").isEqualTo(limit);

        first.set(id, RateLimitProperties.Limit.NONE);
        assertThat(first.of(id)).isEqualTo(RateLimitProperties.Limit.NONE);
        assertThat(jdbc.sql("select rate_limit_burst from connection where id = ?").param(id).query(Integer.class)
                .optional()).as("stored as null").isEmpty();
    }
}
