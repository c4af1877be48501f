package com.rollyy.cposim.sessions;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the charging cycle's outbound work off the request threads, so a command's answer goes out
 * before its result and session follow. Work is done in {@link Lane}s: one per command or session,
 * each running its tasks one at a time in submission order, so a session's PUT always precedes
 * its PATCHes while many sessions push in parallel.
 */
public final class PushScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushScheduler.class);

    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("cpo-sim-push-"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("cpo-sim-timer-"));
    private final Object idle = new Object();
    /** Tasks submitted or scheduled and not finished yet; guarded by {@link #idle}. */
    private int pending;
    private volatile boolean closed;

    /** A serial queue of tasks. */
    final class Lane {
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        /** Runs {@code task} after everything submitted to this lane before. Failures are logged. */
        void run(Runnable task) {
            enter();
            synchronized (this) {
                try {
                    tail = tail.thenRunAsync(() -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            LOG.warn("charging cycle task failed", e);
                        } finally {
                            leave();
                        }
                    }, workers);
                } catch (RejectedExecutionException e) {
                    leave();
                }
            }
        }

        /** Submits {@code task} to this lane {@code delayMillis} from now (the lane's order holds from then on). */
        void runAfter(long delayMillis, Runnable task) {
            if (delayMillis <= 0) {
                run(task);
                return;
            }
            enter();
            try {
                timer.schedule(() -> {
                    try {
                        run(task);
                    } finally {
                        leave();
                    }
                }, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                leave();
            }
        }

        /**
         * Like {@link #runAfter}, but the wait does not count as work for {@link #awaitIdle}: only
         * the task does, once it is due (a session charging by itself until its STOP is idle
         * between its updates).
         */
        void runAfterWhileIdle(long delayMillis, Runnable task) {
            try {
                timer.schedule(() -> run(task), Math.max(delayMillis, 0), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed
            }
        }

        /** Runs {@code task} in turn and waits for its value; its exception is rethrown here. */
        <T> T call(Supplier<T> task) {
            if (closed) {
                throw new IllegalStateException("the simulator is closed");
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            run(() -> {
                try {
                    result.complete(task.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
            try {
                return result.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    Lane newLane() {
        return new Lane();
    }

    /** Waits until no task is queued, scheduled or running; false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                idle.wait(left);
            }
            return true;
        }
    }

    private void enter() {
        synchronized (idle) {
            pending++;
        }
    }

    private void leave() {
        synchronized (idle) {
            pending--;
            if (pending == 0) {
                idle.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
