package com.rollyy.emsp.console;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live streams of job pages ({@code GET /console/jobs/{id}/live}). One thread looks at every
 * open stream's job every {@link #TICK}: when what the page shows has changed it sends the event
 * {@code changed} (the page then fetches its timeline again), and once nothing more will happen it
 * sends {@code changed} and {@code finished} and ends the stream. At most {@link #MAX_STREAMS}
 * are open at once; a stream lasts at most {@link #LIFETIME} (the browser then reconnects).
 */
@Component
class ConsoleJobStreams {

    static final int MAX_STREAMS = 50;
    static final Duration TICK = Duration.ofSeconds(2);
    static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(ConsoleJobStreams.class);

    private final ConsoleJobPages pages;
    private final Map<SseEmitter, Stream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-job-streams");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ticks = new AtomicLong();

    private static final class Stream {
        final UUID jobId;
        volatile String version;

        Stream(UUID jobId, String version) {
            this.jobId = jobId;
            this.version = version;
        }
    }

    ConsoleJobStreams(ConsoleJobPages pages) {
        this.pages = pages;
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new stream for the page that shows {@code version}; null when too many are open. */
    synchronized SseEmitter open(UUID jobId, String version) {
        if (streams.size() >= MAX_STREAMS) {
            return null;
        }
        var emitter = new SseEmitter(LIFETIME.toMillis());
        // the page's version is ours, 24 hex digits (a longer one is nobody's: it only has to differ)
        streams.put(emitter, new Stream(jobId, version == null ? "" : version.substring(0, Math.min(64, version.length()))));
        emitter.onCompletion(() -> streams.remove(emitter));
        emitter.onTimeout(() -> {
            streams.remove(emitter);
            emitter.complete();
        });
        emitter.onError(e -> streams.remove(emitter));
        try {
            // sent with the headers: the browser sees the stream open at once, and waits 5 s to reconnect
            emitter.send(SseEmitter.event().reconnectTime(5000).comment("following robot job " + jobId));
        } catch (IOException e) {
            streams.remove(emitter);
            return emitter;
        }
        return emitter;
    }

    int open() {
        return streams.size();
    }

    private void tick() {
        boolean heartbeat = ticks.incrementAndGet() % (HEARTBEAT.toMillis() / TICK.toMillis()) == 0;
        for (var entry : Map.copyOf(streams).entrySet()) {
            SseEmitter emitter = entry.getKey();
            Stream stream = entry.getValue();
            try {
                String now = pages.version(stream.jobId);
                if (now == null) {
                    finish(emitter);
                } else if (!now.equals(stream.version)) {
                    stream.version = now;
                    emitter.send(SseEmitter.event().name("changed").data(now));
                    if (now.startsWith("done:")) {
                        finish(emitter);
                    }
                } else if (heartbeat) {
                    emitter.send(SseEmitter.event().comment("still here"));
                }
            } catch (IOException | IllegalStateException gone) {
                // the browser left: the container completes the emitter; forget it now
                streams.remove(emitter);
            } catch (RuntimeException e) {
                log.warn("Live stream of robot job {} failed: {}", stream.jobId, e.toString());
                streams.remove(emitter);
                emitter.completeWithError(e);
            }
        }
    }

    private void finish(SseEmitter emitter) throws IOException {
        streams.remove(emitter);
        emitter.send(SseEmitter.event().name("finished").data("finished"));
        emitter.complete();
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        streams.keySet().forEach(SseEmitter::complete);
        streams.clear();
    }
}
