package com.rollyy.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Each benchmark at its base dataset and at {@code factor}× that dataset, side by side, with a
 * verdict on memory: the service must stay flat when the data grows, because every path streams
 * or pages and nothing is cached per stored object (a cache bounded by a constant is fine).
 *
 * <p>Criterion ("FLAT"): both heap figures of the whole JVM at {@code factor}× are at most
 * {@value #RATIO}× the base figure plus {@value #SLACK_MB} MB: the heap during the measurement
 * (the highest heap in use right after a GC; for the pull, which has no latency target, the
 * highest live heap of full-GC probes every 10 s, because after a long pull the old generation
 * holds garbage that G1 has not needed to collect yet), and the heap still in use after a full GC
 * at its end (the live set). Anything kept per stored row would grow roughly with the factor (10×); young-generation
 * sizing and GC timing move the figures by a few tens of MB, which the slack absorbs. Throughput
 * and latency are shown with their ratio but are not part of the verdict: their targets are
 * judged in the results table.
 */
final class Scaling {

    static final double RATIO = 1.5;
    static final long SLACK_MB = 32;

    /**
     * One measurement.
     *
     * @param dataset    what the database (or the simulator) held, in words
     * @param rate       the benchmark's main figure, for the ratio (higher is better)
     * @param figure     that figure in words, with its unit
     * @param latency    latency in words (or the wall time)
     * @param peakHeap   highest sampled heap in use during the measurement
     * @param afterGc    the heap during the measurement: the highest heap in use right after a GC
     *                   (pull: the highest live heap of its periodic full-GC probes)
     * @param liveHeap   heap in use after a full GC at the end of the measurement
     * @param dbBytes    {@code pg_database_size} at the end of the measurement
     */
    record Point(String dataset, double rate, String figure, String latency, long peakHeap, long afterGc,
                 long liveHeap, long dbBytes) {
    }

    private final int factor;
    private final Map<String, Point> base = new LinkedHashMap<>();
    private final Map<String, Point> scaled = new LinkedHashMap<>();

    Scaling(int factor) {
        this.factor = factor;
    }

    void base(String benchmark, Point p) {
        base.put(benchmark, p);
    }

    void scaled(String benchmark, Point p) {
        scaled.put(benchmark, p);
    }

    boolean isEmpty() {
        return scaled.isEmpty();
    }

    static boolean flat(long baseBytes, long scaledBytes) {
        return scaledBytes <= RATIO * baseBytes + SLACK_MB * 1024 * 1024;
    }

    /** FLAT, GROWS or "-" (not measured at both sizes). */
    String verdict(String benchmark) {
        Point b = base.get(benchmark);
        Point s = scaled.get(benchmark);
        if (b == null || s == null) {
            return "-";
        }
        // a short, quiet measurement may see no GC at all: then only the live heap is compared
        boolean gcSeen = b.afterGc() > 0 && s.afterGc() > 0;
        return (!gcSeen || flat(b.afterGc(), s.afterGc())) && flat(b.liveHeap(), s.liveHeap()) ? "FLAT" : "GROWS";
    }

    boolean anyGrows() {
        return base.keySet().stream().anyMatch(k -> verdict(k).equals("GROWS"));
    }

    private static String gcMb(long bytes) {
        return bytes == 0 ? "(no GC)" : Report.mb(bytes);
    }

    String markdown() {
        var sb = new StringBuilder();
        sb.append("| benchmark | dataset: base → ").append(factor).append("× | base | ").append(factor)
                .append("× | ").append(factor).append("× / base | heap during the run, base → ").append(factor)
                .append("× | live heap after the run, base → ").append(factor).append("× | peak heap, base → ")
                .append(factor).append("× | database size, base → ").append(factor).append("× | memory |\n");
        sb.append("|---|---|---:|---:|---:|---|---|---|---|---|\n");
        for (var e : base.entrySet()) {
            Point b = e.getValue();
            Point s = scaled.get(e.getKey());
            if (s == null) {
                continue;
            }
            sb.append("| ").append(e.getKey())
                    .append(" | ").append(b.dataset()).append(" → ").append(s.dataset())
                    .append(" | ").append(b.figure()).append(", ").append(b.latency())
                    .append(" | ").append(s.figure()).append(", ").append(s.latency())
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", s.rate() / Math.max(1e-9, b.rate())))
                    .append(" | ").append(gcMb(b.afterGc())).append(" → ").append(gcMb(s.afterGc()))
                    .append(" | ").append(Report.mb(b.liveHeap())).append(" → ").append(Report.mb(s.liveHeap()))
                    .append(" | ").append(Report.mb(b.peakHeap())).append(" → ").append(Report.mb(s.peakHeap()))
                    .append(" | ").append(Report.mb(b.dbBytes())).append(" → ").append(Report.mb(s.dbBytes()))
                    .append(" | **").append(verdict(e.getKey())).append("** |\n");
        }
        sb.append(String.format(Locale.ROOT, "%nMemory verdict: FLAT when, at %d×, the heap during the run (the"
                + " highest heap right after a GC; for the pull the highest live heap of full-GC probes every 10 s)"
                + " and the live heap after the run are each ≤ %.1f × base + %d MB (whole JVM: eMSP, simulator and"
                + " load generator; \"(no GC)\": no collection during that measurement, only the live heap counts)."
                + " Throughput is compared in the \"%d× / base\" column (1.00 = unchanged; for START_SESSION the"
                + " base overhead divided by the %d× one).%n", factor, RATIO, SLACK_MB, factor, factor));
        return sb.toString();
    }
}
