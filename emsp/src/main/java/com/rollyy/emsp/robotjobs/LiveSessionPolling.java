package com.rollyy.emsp.robotjobs;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.sync.SyncProperties;
import com.rollyy.emsp.sync.SyncService;

/**
 * While robots charge, a lost Session push must not leave a job hanging: the Sessions of every
 * connection with a live robot session are pulled every {@code rollyy.sync.live-sessions-interval}
 * (incrementally, with date_from).
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

    @Scheduled(fixedDelayString = "${rollyy.sync.live-sessions-interval:5m}",
            initialDelayString = "${rollyy.sync.live-sessions-interval:5m}")
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
}
