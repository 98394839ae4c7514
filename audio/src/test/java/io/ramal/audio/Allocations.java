package io.ramal.audio;

import java.lang.management.ManagementFactory;

/** Heap bytes this thread allocates while running a task, from HotSpot's per-thread counter. */
final class Allocations {

    private Allocations() {
    }

    /** Bytes allocated over {@code times} runs of {@code task}, after as many runs to warm up. */
    static long during(Runnable task, int times) {
        com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < times; i++) {
            task.run();
        }
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < times; i++) {
            task.run();
        }
        return bean.getCurrentThreadAllocatedBytes() - before;
    }
}
