package com.rollyy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code jdk.ExecutionSample} events of a JFR recording: where the sampled Java
 * threads were running (self frames), which methods of given packages were on the stack
 * (inclusive), and the split by thread group. Optionally only between two local times, so one
 * phase of the benchmark can be looked at.
 *
 * <pre>
 * java -cp bench/target/classes com.rollyy.bench.JfrHotFrames /tmp/bench.jfr [--from=HH:MM:SS] [--to=HH:MM:SS]
 *      [--threads=http-nio] [--top=30] [--include=com.rollyy.,org.postgresql.] [--under=pkg.Class.method]
 * </pre>
 * With {@code --under}, only samples with that method on the stack count, and the methods it
 * called directly are listed too (its "children").
 */
public final class JfrHotFrames {

    private JfrHotFrames() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JfrHotFrames file.jfr [--from=HH:MM:SS] [--to=HH:MM:SS] [--threads=prefix]"
                    + " [--top=N] [--include=pkg.,pkg.]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        String threadPrefix = "";
        int top = 30;
        List<String> include = List.of("com.rollyy.");
        String under = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String v = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("--from=")) {
                from = localTime(v);
            } else if (a.startsWith("--to=")) {
                to = localTime(v);
            } else if (a.startsWith("--threads=")) {
                threadPrefix = v;
            } else if (a.startsWith("--top=")) {
                top = Integer.parseInt(v);
            } else if (a.startsWith("--under=")) {
                under = v;
            } else if (a.startsWith("--include=")) {
                include = List.of(v.split(","));
            } else {
                throw new IllegalArgumentException(a);
            }
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> groups = new HashMap<>();
        Map<String, Integer> selfPackages = new HashMap<>();
        Map<String, Integer> children = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            Instant t = e.getStartTime();
            if (t.isBefore(from) || t.isAfter(to)) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            if (thread == null || !thread.startsWith(threadPrefix)) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> all = stack.getFrames();
            if (under != null) {
                int at = -1;
                for (int i = all.size() - 1; i >= 0; i--) {
                    if (name(all.get(i)).equals(under)) {
                        at = i; // outermost occurrence
                        break;
                    }
                }
                if (at < 0) {
                    continue;
                }
                children.merge(at == 0 ? "(self)" : name(all.get(at - 1)), 1, Integer::sum);
            }
            total++;
            groups.merge(ResourceSnapshot.group(thread), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            String top0 = name(frames.get(0));
            self.merge(top0, 1, Integer::sum);
            selfPackages.merge(packageOf(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                for (String p : include) {
                    if (n.startsWith(p) && seen.add(n)) {
                        inclusive.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("samples: " + total);
        print("thread groups", groups, total, top);
        print("self (top frame) by package", selfPackages, total, top);
        print("self (top frame)", self, total, top);
        print("inclusive (on the stack), " + include, inclusive, total, top);
        if (under != null) {
            print("called directly by " + under, children, total, top);
        }
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("\n== " + title);
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(e -> System.out.printf("%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / total,
                        e.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The first three segments of the class name, e.g. {@code tools.jackson.databind}. */
    private static String packageOf(RecordedFrame f) {
        String[] parts = f.getMethod().getType().getName().split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }

    private static Instant localTime(String hhmmss) {
        return LocalDate.now().atTime(LocalTime.parse(hhmmss)).atZone(ZoneId.systemDefault()).toInstant();
    }
}
