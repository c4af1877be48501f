package com.rollyy.emsp.robotjobs;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import com.rollyy.emsp.sync.SyncProperties;
import com.rollyy.emsp.sync.SyncService;

/**
 * While robots charge, a lost Session push must not leave a job hanging: the Sessions of every
 * connection with a live robot session are pulled every {@code rollyy.sync.live-sessions-interval}
 * (incrementally, with date_from), by the db-scheduler task {@code live-session-poll}: once per
 * interval across all instances sharing the database.
 */
@Component
class LiveSessionPolling {

    private static final Logger log = LoggerFactory.getLogger(LiveSessionPolling.class);

    private final JobSessionRepository sessions;
    private final SyncService sync;
    private final SyncProperties properties;

    LiveSessionPolling(JobSessionRepository sessions, SyncService sync, SyncProperties properties) {
        this.sessions = sessions;
        this.sync = sync;
        this.properties = properties;
    }

    static final String TASK = "live-session-poll";

    void pollLiveSessions() {
        if (properties.enabled()) {
            pollNow();
        }
    }

    int pollNow() {
        int polled = 0;
        for (UUID connectionId : sessions.connectionsWithLiveSessions()) {
            try {
                sync.run(connectionId, "sessions", false);
                polled++;
            } catch (RuntimeException e) {
                log.info("Sessions pull of {} (live robot sessions) failed: {}", connectionId, e.getMessage());
            }
        }
        return polled;
    }

    @Configuration(proxyBeanMethods = false)
    static class Task {
        @Bean
        RecurringTask<Void> liveSessionPollTask(LiveSessionPolling polling, SyncProperties properties) {
            return Tasks.recurring(TASK, FixedDelay.of(properties.liveSessionsInterval()))
                    .execute((instance, context) -> polling.pollLiveSessions());
        }
    }
}
