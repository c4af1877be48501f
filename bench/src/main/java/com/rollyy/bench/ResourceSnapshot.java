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
                        long postgresCpuTicks, long machineBusyTicks, long machineTotalTicks,
                        long[] jvmUserSys, long[] postgresUserSys, long[] machineUserSys, long contextSwitches,
                        long jitMillis) {

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
        long[] pg = postgresTicks(postgresDataDir);
        return new ResourceSnapshot(System.nanoTime(), gc, jvmCpu, threadCpu(), pg[0] + pg[1], machine[0], machine[1],
                ownUserSys(), pg, new long[] {machine[2], machine[3]}, machine[4], JitWarmup.compileMillis());
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
        if (threadName.startsWith("bench-patch-") || threadName.startsWith("bench-floor-")) {
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

    /** {busy, total, user+nice, system+irq+softirq} jiffies of all CPUs, and context switches, from /proc/stat. */
    private static long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long user = Long.parseLong(f[1]) + Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            long ctxt = lines.stream().filter(l -> l.startsWith("ctxt ")).mapToLong(l -> Long.parseLong(l.substring(5)
                    .trim())).findFirst().orElse(0);
            return new long[] {total - idle, total, user, system, ctxt};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0, 0, 0, 0};
        }
    }

    /** {utime, stime} of this JVM in jiffies. */
    private static long[] ownUserSys() {
        String[] f = statFields(Path.of("/proc/self"));
        if (f == null) {
            return new long[] {0, 0};
        }
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /**
     * utime+stime of our postmaster and its live children, plus cutime+cstime of the postmaster
     * (backends that already exited). The postmaster's pid is the first line of postmaster.pid.
     */
    private static long[] postgresTicks(Path dataDir) {
        if (dataDir == null) {
            return new long[] {0, 0};
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long user = 0;
            long system = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    String[] f = statFields(proc);
                    if (f == null) {
                        continue;
                    }
                    long pid = Long.parseLong(proc.getFileName().toString());
                    long ppid = Long.parseLong(f[1]);
                    if (pid == postmaster) {
                        user += Long.parseLong(f[11]) + Long.parseLong(f[13]);
                        system += Long.parseLong(f[12]) + Long.parseLong(f[14]);
                    } else if (ppid == postmaster) {
                        user += Long.parseLong(f[11]);
                        system += Long.parseLong(f[12]);
                    }
                }
            }
            return new long[] {user, system};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
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
                (machineTotalTicks - start.machineTotalTicks) / TICKS_PER_SECOND,
                seconds(jvmUserSys, start.jvmUserSys), seconds(postgresUserSys, start.postgresUserSys),
                seconds(machineUserSys, start.machineUserSys), contextSwitches - start.contextSwitches,
                jitMillis < 0 || start.jitMillis < 0 ? -1 : jitMillis - start.jitMillis);
    }

    private static double[] seconds(long[] now, long[] before) {
        return new double[] {(now[0] - before[0]) / TICKS_PER_SECOND, (now[1] - before[1]) / TICKS_PER_SECOND};
    }

    /**
     * @param jvmUserSys      user and system CPU seconds of this JVM
     * @param postgresUserSys user and system CPU seconds of PostgreSQL
     * @param machineUserSys  user and system (incl. irq) CPU seconds of the machine
     * @param jitMillis       time the JIT spent compiling (its threads are in "JVM rest"), -1 if unknown
     */
    record Delta(double seconds, Map<String, long[]> gc, double jvmCpuSeconds, Map<String, Long> threadCpuNanos,
                 double postgresCpuSeconds, double machineBusySeconds, double machineTotalSeconds,
                 double[] jvmUserSys, double[] postgresUserSys, double[] machineUserSys, long contextSwitches,
                 long jitMillis) {

        /** CPU the machine spent outside this JVM and its PostgreSQL: noise from other work. */
        double otherProcessesSeconds() {
            return Math.max(0, machineBusySeconds - jvmCpuSeconds - postgresCpuSeconds);
        }

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
            rows.put("other processes on the machine (not this benchmark)", otherProcessesSeconds());
            rows.put("machine busy, all processes", machineBusySeconds);
            return List.copyOf(rows.entrySet());
        }
    }
}
