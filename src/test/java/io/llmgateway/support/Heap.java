package io.llmgateway.support;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * What this JVM's heap holds, for tests that show a request did not buffer a body. Two readings:
 * the heap in use after a full GC (what stayed), and the peak of the old generation while the
 * request ran (what a large buffer would have passed through: big arrays go straight there).
 */
public final class Heap {

    private Heap() {
    }

    public static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Starts a new peak reading of the old generation; returns its current use. */
    public static long resetOldPeak() {
        long used = 0;
        for (MemoryPoolMXBean pool : oldPools()) {
            pool.resetPeakUsage();
            used += pool.getUsage().getUsed();
        }
        return used;
    }

    /** The old generation's peak since {@link #resetOldPeak()}. */
    public static long oldPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : oldPools()) {
            peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    private static java.util.List<MemoryPoolMXBean> oldPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .toList();
    }
}
