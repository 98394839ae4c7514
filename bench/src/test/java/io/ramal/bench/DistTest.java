package io.ramal.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistTest {

    @Test
    void percentilesOfMicrosecondsAreReportedInMilliseconds() {
        Histogram h = new Histogram(60_000_000L, 3);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 1000L); // 1..100 ms
        }
        Dist d = Dist.ofMicros(h);
        assertEquals(100, d.count());
        assertEquals(1.0, d.p1(), 0.01);
        assertEquals(50.0, d.p50(), 0.05);
        assertEquals(99.0, d.p99(), 0.1);
        assertEquals(100.0, d.max(), 0.1);
    }

    @Test
    void anEmptyHistogramIsEmpty() {
        assertEquals(Dist.EMPTY, Dist.ofMicros(new Histogram(1000, 3)));
    }
}
