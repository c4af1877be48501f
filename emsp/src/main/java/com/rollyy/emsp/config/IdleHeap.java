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
        if (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() > MAX_COLLECTED_BYTES) {
            return;
        }
        var thread = new Thread(() -> collectStartupGarbage(vm), "idle-heap");
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
