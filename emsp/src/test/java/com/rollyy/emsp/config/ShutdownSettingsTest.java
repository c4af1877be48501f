package com.rollyy.emsp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.core.env.Environment;

import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * A stop waits a bounded time: requests in flight get the shutdown phase (30 s), running background
 * tasks get db-scheduler's shutdown-max-wait twice (15 s to finish, 15 s more once interrupted), not
 * db-scheduler's default of 2 x 30 min.
 */
class ShutdownSettingsTest extends EmspIntegrationTest {

    @Autowired
    DbSchedulerProperties dbScheduler;

    @Autowired
    Environment environment;

    @Test
    void backgroundTasksAndRequestsAreWaitedForAtMostThirtySeconds() {
        assertThat(dbScheduler.getShutdownMaxWait()).isEqualTo(Duration.ofSeconds(15));
        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(environment.getProperty("server.shutdown", Shutdown.class)).isEqualTo(Shutdown.GRACEFUL);
    }
}
