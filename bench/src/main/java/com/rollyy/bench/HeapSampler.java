package com.rollyy.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Peak heap of this JVM (eMSP + simulator + load generator). A daemon thread sums the used bytes
 * of every heap memory pool every 50 ms and keeps the maximum; GC notifications give the heap
 * still in use right after each collection, a better sign of the live set than the sampled peak
 * (with G1 the sampled peak mostly says how far the young generation was allowed to grow).
 */
final class HeapSampler implements AutoCloseable {

    static final long PERIOD_MILLIS = 50;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        long after = 0;
                        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                            if (heapPoolNames.contains(e.getKey())) {
                                after += e.getValue().getUsed();
                            }
                        }
                        peakAfterGc.accumulateAndGet(after, Math::max);
                    }
                }, null, null);
            }
        }
        thread = new Thread(this::loop, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    static HeapSampler start() {
        return new HeapSampler();
    }

    private void loop() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            used += pool.getUsage().getUsed();
        }
        peakUsed.accumulateAndGet(used, Math::max);
        samples.incrementAndGet();
    }

    /** Starts a new measuring window: the peaks so far are forgotten. */
    void reset() {
        peakUsed.set(0);
        peakAfterGc.set(0);
        samples.set(0);
        sampleOnce();
    }

    /** The peaks since the last {@link #reset()}. */
    Peaks peaks() {
        sampleOnce();
        return new Peaks(peakUsed.get(), peakAfterGc.get(), samples.get());
    }

    record Peaks(long usedBytes, long afterGcBytes, long samples) {
    }

    /**
     * The heap still in use after full collections: the live set, what the run keeps. Costs a
     * full GC pause (a few hundred ms), so it is taken between measurements, never during one.
     */
    static long liveBytes() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code -Xmx} as the JVM sees it (max of the heap), in bytes. */
    static long maxHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
