package com.rollyy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the <em>wall</em> time of request threads goes, for a latency path such as a sequential
 * START_SESSION: CPU (execution samples), waiting for PostgreSQL (blocking socket reads under
 * the JDBC driver), waiting for another HTTP peer (parks under our OCPI client), locks. Needs a
 * recording with zero thresholds for the wait events:
 *
 * <pre>
 * java -Xmx512m "-XX:StartFlightRecording=settings=profile,filename=/tmp/start.jfr,dumponexit=true,\
 *   jdk.SocketRead#threshold=0ms,jdk.ThreadPark#threshold=0ms,jdk.JavaMonitorEnter#threshold=0ms" \
 *   -XX:FlightRecorderOptions:stackdepth=256 -jar bench/target/bench-0.1.0-SNAPSHOT.jar --only=cycle ...
 * java -cp bench/target/classes com.rollyy.bench.JfrWaits /tmp/start.jfr --from=HH:MM:SS --to=HH:MM:SS \
 *   [--threads=http-nio] [--per=N] [--under=com.rollyy.emsp.robotjobs.ChargingService.start]
 * </pre>
 * Waits are attributed to the innermost {@code com.rollyy.} frame that caused them; {@code --per}
 * divides every figure by N (the number of requests in the window); {@code --under} keeps only
 * events with that method (a prefix) on the stack. A thread idle in its pool's
 * queue is not counted.
 */
public final class JfrWaits {

    /** The execution sampler's period for Java code in JDK's {@code profile} settings. */
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);

    private JfrWaits() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JfrWaits file.jfr [--from=HH:MM:SS] [--to=HH:MM:SS] [--threads=prefix]"
                    + " [--per=N] [--top=N]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        String threadPrefix = "http-nio";
        double per = 1;
        int top = 25;
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
            } else if (a.startsWith("--per=")) {
                per = Double.parseDouble(v);
            } else if (a.startsWith("--top=")) {
                top = Integer.parseInt(v);
            } else if (a.startsWith("--under=")) {
                under = v;
            } else {
                throw new IllegalArgumentException(a);
            }
        }
        Map<String, Double> categories = new HashMap<>();
        Map<String, Double> byFrame = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            Instant t = e.getStartTime();
            if (t.isBefore(from) || t.isAfter(to)) {
                continue;
            }
            var thread = type.equals("jdk.ExecutionSample") ? e.getThread("sampledThread") : e.getThread();
            if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith(threadPrefix)) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
            if (under != null && !has(frames, under)) {
                continue;
            }
            String category;
            double millis;
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    category = "CPU (execution samples × 10 ms), " + layer(frames);
                    millis = SAMPLE_PERIOD.toNanos() / 1e6;
                }
                case "jdk.SocketRead" -> {
                    category = has(frames, "org.postgresql.") ? "waiting for PostgreSQL (JDBC socket read)"
                            : "socket read, other (" + e.getValue("port") + ")";
                    millis = e.getDuration().toNanos() / 1e6;
                }
                case "jdk.SocketWrite" -> {
                    category = has(frames, "org.postgresql.") ? "writing to PostgreSQL" : "socket write, other";
                    millis = e.getDuration().toNanos() / 1e6;
                }
                case "jdk.ThreadPark" -> {
                    if (idle(frames)) {
                        continue;
                    }
                    category = has(frames, "com.zaxxer.hikari.") ? "waiting for a pool connection"
                            : has(frames, "jdk.internal.net.http.") || has(frames, "java.util.concurrent.CompletableFuture")
                            ? "waiting for an HTTP peer (JDK HttpClient)" : "parked, other";
                    millis = e.getDuration().toNanos() / 1e6;
                }
                case "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait" -> {
                    category = "monitor " + type.substring(4);
                    millis = e.getDuration().toNanos() / 1e6;
                }
                default -> {
                    continue;
                }
            }
            categories.merge(category, millis, Double::sum);
            counts.merge(category, 1, Integer::sum);
            if (!category.startsWith("CPU")) {
                byFrame.merge(category.split(" \\(")[0] + " ← " + ourFrame(frames), millis, Double::sum);
            }
        }
        final double divisor = per;
        System.out.printf("milliseconds%s on %s* threads%n", per == 1 ? "" : " per request (÷ " + (long) per + ")",
                threadPrefix);
        System.out.println("\n== by kind");
        categories.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(en -> System.out.printf("%10.2f ms  %7.1f events  %s%n", en.getValue() / divisor,
                        counts.get(en.getKey()) / divisor, en.getKey()));
        System.out.println("\n== waits by our innermost frame");
        byFrame.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(en -> System.out.printf("%10.2f ms  %s%n", en.getValue() / divisor, en.getKey()));
    }

    private static boolean idle(List<RecordedFrame> frames) {
        return has(frames, "org.apache.tomcat.util.threads.TaskQueue.take")
                || has(frames, "org.apache.tomcat.util.threads.TaskQueue.poll")
                || has(frames, "java.util.concurrent.ThreadPoolExecutor.getTask");
    }

    /** Which layer the sampled thread was in: the innermost frame that is ours, the driver's, Jackson's... */
    private static String layer(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = f.getMethod().getType().getName();
            if (n.startsWith("org.postgresql.") || n.startsWith("com.zaxxer.")) {
                return "JDBC";
            }
            if (n.startsWith("tools.jackson.") || n.startsWith("com.fasterxml.")) {
                return "JSON";
            }
            if (n.startsWith("jdk.internal.net.http.") || n.startsWith("java.net.http.")) {
                return "JDK HttpClient";
            }
            if (n.startsWith("com.rollyy.")) {
                return "our code";
            }
        }
        return "Spring, Tomcat, JDK";
    }

    private static boolean has(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame f : frames) {
            if ((f.getMethod().getType().getName() + "." + f.getMethod().getName()).startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String ourFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = f.getMethod().getType().getName();
            if (n.startsWith("com.rollyy.")) {
                return n.substring(n.lastIndexOf('.') + 1) + "." + f.getMethod().getName() + ":" + f.getLineNumber();
            }
        }
        return "(no com.rollyy frame)";
    }

    private static Instant localTime(String hhmmss) {
        return LocalDate.now().atTime(LocalTime.parse(hhmmss)).atZone(ZoneId.systemDefault()).toInstant();
    }
}
