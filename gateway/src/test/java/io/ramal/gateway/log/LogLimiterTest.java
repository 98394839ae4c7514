package io.ramal.gateway.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final LogLimiter limiter = new LogLimiter(clock::get, Duration.ofMinutes(1));

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void firstLineGoesAtOnce() {
        assertEquals(0, limiter.acquire(), "the first line is written, nothing suppressed before it");
    }

    @Test
    void linesWithinTheWindowAreSuppressedAndCounted() {
        limiter.acquire();
        for (int i = 0; i < 500; i++) {
            advance(Duration.ofMillis(100));
            assertEquals(-1, limiter.acquire(), "line " + i + " within the minute");
        }
        assertEquals(500, limiter.suppressed());
    }

    @Test
    void afterTheWindowOneLineCarriesTheCountSince() {
        limiter.acquire();
        for (int i = 0; i < 42; i++) {
            limiter.acquire();
        }
        advance(Duration.ofSeconds(59));
        assertEquals(-1, limiter.acquire(), "59 s: still within the window");
        advance(Duration.ofSeconds(1));
        assertEquals(43, limiter.acquire(), "at the minute: the summary line with the count since the first");
        assertEquals(-1, limiter.acquire(), "and the next window starts");
        advance(Duration.ofMinutes(1));
        assertEquals(1, limiter.acquire(), "only the one suppressed since the summary");
        assertEquals(0, limiter.suppressed());
    }

    @Test
    void aFloodThatStopsIsSummedUpOnceItsWindowHasPassed() {
        limiter.acquire();
        for (int i = 0; i < 7; i++) {
            limiter.acquire();
        }
        assertEquals(-1, limiter.takeSummary(), "within the window: no summary yet");
        advance(Duration.ofMinutes(1));
        assertEquals(7, limiter.takeSummary(), "the minute passed with no further line: the summary carries the count");
        assertEquals(-1, limiter.takeSummary(), "nothing left to sum up");
        assertEquals(-1, limiter.acquire(), "the summary started a new window, as a written line does");
        advance(Duration.ofMinutes(1));
        assertEquals(1, limiter.acquire());
    }

    @Test
    void nothingSuppressedMeansNoSummary() {
        limiter.acquire();
        advance(Duration.ofHours(1));
        assertEquals(-1, limiter.takeSummary());
        assertEquals(0, limiter.acquire(), "and the next line still goes at once");
    }

    @Test
    void aQuietSpellLetsTheNextLineGoAtOnce() {
        limiter.acquire();
        advance(Duration.ofHours(3));
        assertEquals(0, limiter.acquire());
    }

    @Test
    void aClockThatWrapsIsStillOrdered() {
        clock.set(Long.MAX_VALUE - Duration.ofSeconds(30).toNanos());
        LogLimiter wrapping = new LogLimiter(clock::get, Duration.ofMinutes(1));
        assertEquals(0, wrapping.acquire());
        advance(Duration.ofSeconds(45)); // past Long.MAX_VALUE, as System.nanoTime may
        assertEquals(-1, wrapping.acquire());
        advance(Duration.ofSeconds(15));
        assertEquals(1, wrapping.acquire());
    }

    @Test
    void manyThreadsWriteOneLineAndCountTheRest() throws Exception {
        LogLimiter shared = new LogLimiter();
        AtomicLong written = new AtomicLong();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (shared.acquire() >= 0) {
                        written.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, written.get());
        assertEquals(39_999, shared.suppressed());
    }
}
