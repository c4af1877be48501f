package com.rollyy.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A warm-up that lasts until the JIT has settled, not a fixed number of seconds. On 2 cores a
 * fixed 20 s warm-up ended while C2 was still compiling the request path (a second of compile
 * time per second of wall time, single methods taking a second each): the compiler thread took
 * the CPU the benchmark then charged to the requests, and a trivial GET measured 2.5 × its warm
 * cost. The load runs in slices of {@link #SLICE_SECONDS}; the warm-up ends after the first slice
 * in which the JIT spent less than {@link #SETTLED_SHARE} of the slice compiling, once
 * {@code minSeconds} have passed, and at {@code maxSeconds} at the latest.
 */
final class JitWarmup {

    static final int SLICE_SECONDS = 5;
    /** Compile time per wall time below which the JIT counts as settled (5 % of one core). */
    static final double SETTLED_SHARE = 0.05;

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /** One slice of the warm-up load. */
    interface Slice {
        void run(int seconds) throws Exception;
    }

    /** What a warm-up did: its length, and the JIT's compile time in its last slice. */
    record Result(int seconds, long lastSliceCompileMillis, boolean settled) {

        String describe() {
            return String.format(Locale.ROOT, "%d s warm-up, JIT %s (%d ms compiling in the last %d s)", seconds,
                    settled ? "settled" : "still compiling", lastSliceCompileMillis, SLICE_SECONDS);
        }
    }

    private JitWarmup() {
    }

    /** Total compile time of the JIT so far in ms, or -1 when the JVM does not tell. */
    static long compileMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
    }

    static Result run(int minSeconds, int maxSeconds, Slice slice) throws Exception {
        int done = 0;
        long last = -1;
        while (done < maxSeconds) {
            int seconds = Math.min(SLICE_SECONDS, maxSeconds - done);
            long before = compileMillis();
            slice.run(seconds);
            done += seconds;
            last = before < 0 ? -1 : compileMillis() - before;
            boolean settled = last >= 0 && last < SETTLED_SHARE * seconds * 1000;
            if (done >= minSeconds && (settled || last < 0)) {
                return new Result(done, last, true);
            }
        }
        return new Result(done, last, false);
    }
}
