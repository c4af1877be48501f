package com.rollyy.emsp.robotjobs;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final ExecutorService pool;

    LiveSessionPolling(JobSessionRepository sessions, SyncService sync, SyncProperties properties) {
        this.sessions = sessions;
        this.sync = sync;
        this.properties = properties;
        var threads = new AtomicInteger();
        // a poll runs in the trace of the task run that started it
        this.pool = io.micrometer.context.ContextExecutorService.wrap(
                Executors.newFixedThreadPool(Math.max(1, properties.parallelConnections()), r -> {
                    var thread = new Thread(r, "live-session-poll-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    static final String TASK = "live-session-poll";

    void pollLiveSessions() {
        if (properties.enabled()) {
            pollNow();
        }
    }

    /**
     * Pulls the connections side by side (at most {@code parallel-connections} at once), so a CPO
     * that hangs until our timeouts delays no other CPO's robots; returns how many succeeded.
     */
    int pollNow() {
        var pulls = sessions.connectionsWithLiveSessions().stream()
                .map(connectionId -> CompletableFuture.supplyAsync(() -> poll(connectionId), pool))
                .toList();
        return pulls.stream().mapToInt(CompletableFuture::join).sum();
    }

    private int poll(UUID connectionId) {
        try {
            sync.run(connectionId, "sessions", false);
            return 1;
        } catch (RuntimeException e) {
            log.info("Sessions pull of {} (live robot sessions) failed: {}", connectionId, e.getMessage());
            return 0;
        }
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
