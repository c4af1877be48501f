package com.rollyy.emsp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * A service started with a plain {@code java -jar} gives idle heap back to the operating system: once
 * ready it turns G1's periodic collection on (the test JVM is the service's JVM here), and its one
 * collection after the start-up leaves the heap-sizing flags as they were.
 */
class IdleHeapTest extends EmspIntegrationTest {

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void theReadyServiceTurnsOnPeriodicCollections() {
        assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1")),
                "the JVM runs G1");

        assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue())
                .isEqualTo(Long.toString(IdleHeap.PERIODIC_GC.toMillis()));
    }

    @Test
    void theCollectionAfterStartUpShrinksTheHeapAndRestoresTheRatios() {
        assumeTrue(!IdleHeap.givenByOperator(vm.getVMOption("MaxHeapFreeRatio"))
                && !IdleHeap.givenByOperator(vm.getVMOption("MinHeapFreeRatio")), "heap ratios not given on the command line");
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        var gc = ManagementFactory.getGarbageCollectorMXBeans();
        long before = gc.stream().mapToLong(g -> g.getCollectionCount()).sum();

        IdleHeap.collectStartupGarbage(vm);

        assertThat(gc.stream().mapToLong(g -> g.getCollectionCount()).sum()).isGreaterThan(before);
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
    }

    @Test
    void theNativeHeapIsTrimmedOnGlibc() {
        boolean glibc = java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/maps")) && readable("/proc/self/maps")
                .contains("libc.so.6");
        assumeTrue(glibc, "the C library is glibc");

        // the JVM's own answer: the RSS before and after, so the command did run (not only no error)
        assertThat(IdleHeap.trimNativeHeap()).hasValueSatisfying(answer -> assertThat(answer)
                .matches("(?s).*Trim native heap: RSS\\+Swap: \\d+[KMG]?->\\d+[KMG]? \\([-+]?\\d+[KMG]?\\).*"));
    }

    private static String readable(String path) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(path));
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
