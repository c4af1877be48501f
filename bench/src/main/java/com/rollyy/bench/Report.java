package com.rollyy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown printed at the end: the results table, then the environment and the diagnostics. */
final class Report {

    enum Verdict { PASS, MISS, INFO, OK, FAILED }

    private record Row(String benchmark, String metric, String result, String target, Verdict verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String[]> environment = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private boolean verificationFailed;

    /** A measured figure with a target: PASS or MISS. */
    void target(String benchmark, String metric, String result, String target, boolean met) {
        rows.add(new Row(benchmark, metric, result, target, met ? Verdict.PASS : Verdict.MISS));
    }

    /** A figure without a target. */
    void info(String benchmark, String metric, String result) {
        rows.add(new Row(benchmark, metric, result, "-", Verdict.INFO));
    }

    /** A correctness check: OK or FAILED (a FAILED check makes the run exit with status 1). */
    void check(String benchmark, String metric, String result, String expected, boolean ok) {
        rows.add(new Row(benchmark, metric, result, expected, ok ? Verdict.OK : Verdict.FAILED));
        verificationFailed |= !ok;
    }

    void env(String key, String value) {
        environment.add(new String[] {key, value});
    }

    /** A free-form Markdown section (heading included). */
    void section(String markdown) {
        sections.add(markdown);
    }

    boolean verificationFailed() {
        return verificationFailed;
    }

    String markdown() {
        var sb = new StringBuilder();
        sb.append("## Results\n\n");
        sb.append("| benchmark | metric | result | target | verdict |\n");
        sb.append("|---|---|---:|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.benchmark).append(" | ").append(r.metric).append(" | ").append(r.result)
                    .append(" | ").append(r.target).append(" | ")
                    .append(r.verdict == Verdict.INFO ? "" : "**" + r.verdict + "**").append(" |\n");
        }
        sb.append("\n## Environment\n\n| | |\n|---|---|\n");
        for (String[] e : environment) {
            sb.append("| ").append(e[0]).append(" | ").append(e[1]).append(" |\n");
        }
        for (String s : sections) {
            sb.append('\n').append(s);
            if (!s.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Benchmarks whose figures without a target still belong in the summary. */
    private static final java.util.Set<String> SUMMARY_INFO = java.util.Set.of("start-up", "PostgreSQL commits", "run",
            "start-up (own process)", "memory (own process)");

    /**
     * The summary: every figure with a target (PASS/MISS), every failed check, and the start-up,
     * commit-probe and whole-run rows.
     */
    String targetsMarkdown() {
        var sb = new StringBuilder("| benchmark | metric | result | target | verdict |\n|---|---|---:|---|---|\n");
        for (Row r : rows) {
            boolean summary = r.verdict == Verdict.PASS || r.verdict == Verdict.MISS || r.verdict == Verdict.FAILED
                    || (r.verdict == Verdict.INFO && SUMMARY_INFO.contains(r.benchmark));
            if (summary) {
                sb.append("| ").append(r.benchmark).append(" | ").append(r.metric).append(" | ").append(r.result)
                        .append(" | ").append(r.target).append(" | ")
                        .append(r.verdict == Verdict.INFO ? "" : "**" + r.verdict + "**").append(" |\n");
            }
        }
        return sb.toString();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }

    static String num(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** A table of a phase's CPU split (seconds and share of the 2-core capacity). */
    static String cpuTable(String title, ResourceSnapshot.Delta d) {
        int cpus = Runtime.getRuntime().availableProcessors();
        var sb = new StringBuilder("### ").append(title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "Wall %.1f s × %d CPUs = %.1f CPU-s available.%n%n", d.seconds(), cpus,
                d.seconds() * cpus));
        sb.append("| where | CPU s | share of capacity |\n|---|---:|---:|\n");
        for (Map.Entry<String, Double> e : d.cpuBreakdown()) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f %% |%n", e.getKey(), e.getValue(),
                    100 * e.getValue() / Math.max(1e-9, d.seconds() * cpus)));
        }
        sb.append(String.format(Locale.ROOT, "%nUser / kernel CPU s: JVM %.1f / %.1f, PostgreSQL %.1f / %.1f,"
                        + " machine %.1f / %.1f. Context switches (machine): %,d (%,.0f/s).%n",
                d.jvmUserSys()[0], d.jvmUserSys()[1], d.postgresUserSys()[0], d.postgresUserSys()[1],
                d.machineUserSys()[0], d.machineUserSys()[1], d.contextSwitches(), d.contextSwitches() / d.seconds()));
        sb.append(String.format(Locale.ROOT, "%nGC: %s.%n", d.gcDetail()));
        if (d.jitMillis() >= 0) {
            sb.append(String.format(Locale.ROOT, "%nJIT: %.1f s compiling during the phase (part of \"JVM rest\").%n",
                    d.jitMillis() / 1000.0));
        }
        double other = d.otherProcessesSeconds() / Math.max(1e-9, d.seconds() * cpus);
        if (other > 0.05) {
            sb.append(String.format(Locale.ROOT, "%n**Warning**: other processes used %.0f %% of the CPU capacity"
                    + " during this phase; the figures are disturbed.%n", 100 * other));
        }
        return sb.toString();
    }

    static String countersTable(String title, Map<String, Long> delta, long operations, String perWhat) {
        var sb = new StringBuilder("### ").append(title).append("\n\n");
        sb.append("| counter | delta | per ").append(perWhat).append(" |\n|---|---:|---:|\n");
        delta.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f |%n", k, v,
                operations == 0 ? 0.0 : v / (double) operations)));
        return sb.toString();
    }

    static String activityTable(String title, List<Map.Entry<String, Double>> averages, long samples) {
        var sb = new StringBuilder("### ").append(title).append("\n\n");
        sb.append("Average number of non-idle client backends per state over ").append(samples)
                .append(" samples of `pg_stat_activity` (and the eMSP's Hikari pool, same instants)."
                        + "\n\n| state, wait event | average |\n|---|---:|\n");
        for (var e : averages) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f |%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }
}
