package com.rollyy.emsp.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An idle service holds only the heap it uses, also when started with a plain {@code java -jar}
 * (no JVM options). The start-up leaves about as much garbage as the service keeps (50-100 MB on
 * an 80 MB live heap), and G1 gives committed heap back to the operating system only after a
 * collection that finds it free. So, once ready:
 * <ul>
 * <li>one full collection on a thread of its own (on a heap of at most {@link #MAX_COLLECTED_BYTES}
 *     used), with the heap shrunk to its live data plus 30 %
 *     for it (Min/MaxHeapFreeRatio 10/30 for that collection only, then back to what they were:
 *     under load G1 sizes the heap as before);</li>
 * <li>{@code G1PeriodicGCInterval} of {@link #PERIODIC_GC}: after a burst of load, an idle service
 *     runs a concurrent cycle that gives the heap it no longer needs back (no effect under load:
 *     it fires only when there was no collection for that long).</li>
 * <li>after that collection, and after every periodic one (so only when idle), the C library's
 *     allocator gives back the memory it holds free ({@code System.trim_native_heap}, the
 *     {@code jcmd} command, through the DiagnosticCommand MBean): the JIT compiler's arenas peak at
 *     30-35 MB during the start-up and glibc keeps those pages after they were freed (-25 MB of RSS
 *     measured); a JVM without the command is left as it is.</li>
 * </ul>
 * These are manageable flags, set through the {@link HotSpotDiagnosticMXBean}; a flag given on the
 * command line is left alone ({@code -XX:G1PeriodicGCInterval=0} keeps periodic collections off,
 * {@code -XX:+DisableExplicitGC} the collection after start-up).
 */
@Component
class IdleHeap {

    static final Duration PERIODIC_GC = Duration.ofMinutes(5);

    /**
     * The collection after start-up is a full, stop-the-world one: only done on a heap no bigger than
     * a freshly started service's (80 - 150 MB used), so its pause stays short. A JVM that holds more
     * (the test suite's, several applications) skips it: there a pause of more than a second made
     * requests of the starting application time out.
     */
    static final long MAX_COLLECTED_BYTES = 256L << 20;

    private static final Logger log = LoggerFactory.getLogger(IdleHeap.class);

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (vm == null || !usesG1()) {
            return;
        }
        setIfDefault(vm, "G1PeriodicGCInterval", Long.toString(PERIODIC_GC.toMillis()));
        trimAfterPeriodicCollections();
        if (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() > MAX_COLLECTED_BYTES) {
            return;
        }
        var thread = new Thread(() -> {
            collectStartupGarbage(vm);
            trimOnceTheCompilerIsQuiet();
        }, "idle-heap");
        thread.setDaemon(true);
        thread.start();
    }

    /** One full collection, shrinking the heap to 30 % above its live data; the ratios restored after. */
    static void collectStartupGarbage(HotSpotDiagnosticMXBean vm) {
        VMOption min = vm.getVMOption("MinHeapFreeRatio");
        VMOption max = vm.getVMOption("MaxHeapFreeRatio");
        boolean ratiosOurs = !givenByOperator(min) && !givenByOperator(max);
        try {
            if (ratiosOurs) {
                // Min <= Max at every step
                vm.setVMOption("MinHeapFreeRatio", "10");
                vm.setVMOption("MaxHeapFreeRatio", "30");
            }
            System.gc();
        } catch (RuntimeException e) {
            log.debug("idle heap: {}", e.toString());
        } finally {
            if (ratiosOurs) {
                try {
                    vm.setVMOption("MaxHeapFreeRatio", max.getValue());
                    vm.setVMOption("MinHeapFreeRatio", min.getValue());
                } catch (RuntimeException e) {
                    log.debug("idle heap: {}", e.toString());
                }
            }
        }
    }

    private static final javax.management.ObjectName DIAGNOSTIC_COMMANDS = diagnosticCommands();

    private static javax.management.ObjectName diagnosticCommands() {
        try {
            return new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks the C library to give the memory it holds free back to the operating system, as
     * {@code jcmd <pid> System.trim_native_heap} does.
     *
     * @return the JVM's answer ("Trim native heap: RSS+Swap: 258M->233M (-25140K)"), or empty when this
     *         JVM has no such command
     */
    static java.util.Optional<String> trimNativeHeap() {
        try {
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(DIAGNOSTIC_COMMANDS, "systemTrimNativeHeap",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String text = String.valueOf(answer).strip();
            log.debug("idle heap: {}", text);
            return java.util.Optional.of(text);
        } catch (javax.management.JMException | RuntimeException e) {
            log.debug("idle heap: no native heap trim: {}", e.toString());
            return java.util.Optional.empty();
        }
    }

    /**
     * G1 gives the shrunk heap back concurrently and the JIT compiles (and frees its arenas) for a while
     * after the start-up: a trim straight after the collection found 380 MB and left 368 MB, one 10 s
     * later 251 -> 221 MB. So the trim waits until the compiler spent less than 1 % of a core over
     * {@link #QUIET} (and G1 had as long to uncommit), at most {@link #QUIET_AT_MOST}.
     */
    static void trimOnceTheCompilerIsQuiet() {
        var compiler = ManagementFactory.getCompilationMXBean();
        boolean timed = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        long deadline = System.nanoTime() + QUIET_AT_MOST.toNanos();
        long before = timed ? compiler.getTotalCompilationTime() : 0;
        try {
            do {
                Thread.sleep(QUIET.toMillis());
                long now = timed ? compiler.getTotalCompilationTime() : 0;
                if (now - before < QUIET.toMillis() / 100) {
                    break;
                }
                before = now;
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        trimNativeHeap();
    }

    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration QUIET_AT_MOST = Duration.ofSeconds(60);

    private static final String PERIODIC_CAUSE = "G1 Periodic Collection";

    /** After each periodic collection (the service was idle for {@link #PERIODIC_GC}) the native heap is trimmed too. */
    private static final java.util.concurrent.atomic.AtomicBoolean LISTENING = new java.util.concurrent.atomic.AtomicBoolean();

    private static void trimAfterPeriodicCollections() {
        if (!LISTENING.compareAndSet(false, true)) {
            return; // one listener per JVM, however many contexts start in it
        }
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof javax.management.NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType()) && PERIODIC_CAUSE.equals(
                            com.sun.management.GarbageCollectionNotificationInfo.from(
                                    (javax.management.openmbean.CompositeData) notification.getUserData()).getGcCause())) {
                        trimNativeHeap();
                    }
                }, null, null);
            }
        }
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean vm, String flag, String value) {
        try {
            if (!givenByOperator(vm.getVMOption(flag))) {
                vm.setVMOption(flag, value);
            }
        } catch (RuntimeException e) {
            // not this JVM's flag (another collector, another VM): nothing to set
            log.debug("idle heap: {} not set: {}", flag, e.toString());
        }
    }

    /** On the command line, in JAVA_TOOL_OPTIONS or a flags file: the operator's choice, left alone. */
    static boolean givenByOperator(VMOption option) {
        return switch (option.getOrigin()) {
            case VM_CREATION, ENVIRON_VAR, CONFIG_FILE -> true;
            default -> false;
        };
    }

    private static boolean usesG1() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1"));
    }
}
