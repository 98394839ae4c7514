package io.ramal.gateway.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyedLogLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final KeyedLogLimiter<String> limiter = new KeyedLogLimiter<>(3, clock::get, Duration.ofMinutes(1));

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private Map<String, Long> summary() {
        Map<String, Long> m = new LinkedHashMap<>();
        limiter.summarize((k, n) -> m.put(k == null ? "others" : k, n));
        return m;
    }

    @Test
    void eachKeysFirstLineGoesAtOnceAndItsNextOnesCountAlone() {
        assertEquals(0, limiter.of("10.0.0.1").acquire());
        assertEquals(0, limiter.of("10.0.0.2").acquire(), "another source is not hidden by the first");
        for (int i = 0; i < 5; i++) {
            assertEquals(-1, limiter.of("10.0.0.1").acquire());
        }
        assertEquals(-1, limiter.of("10.0.0.2").acquire());
        advance(Duration.ofMinutes(1));
        assertEquals(5, limiter.of("10.0.0.1").acquire(), "the count since is that source's own");
        assertEquals(1, limiter.of("10.0.0.2").acquire());
    }

    @Test
    void pastItsCapacityTheOtherKeysShareOneLimiterAndTheMapStaysBounded() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.of("10.0.0." + i).acquire());
        }
        LogLimiter shared = limiter.of("192.0.2.1");
        assertTrue(limiter.isOthers(shared));
        assertEquals(0, shared.acquire(), "the first untracked source still gets its line");
        for (int i = 0; i < 100_000; i++) {
            LogLimiter l = limiter.of("scan-" + i);
            assertSame(shared, l);
            assertEquals(-1, l.acquire(), "one line a minute for all of them");
        }
        assertEquals(3, limiter.tracked(), "a scan from many sources holds no more entries");
        assertFalse(limiter.isOthers(limiter.of("10.0.0.1")), "the tracked ones keep their own");
        assertTrue(limiter.isOthers(limiter.of(null)), "a source without an address is untracked");
    }

    @Test
    void theSummaryCarriesEachKeysCountAndForgetsTheQuietKeys() {
        limiter.of("10.0.0.1").acquire();
        limiter.of("10.0.0.1").acquire();
        limiter.of("10.0.0.2").acquire();
        for (int i = 0; i < 4; i++) {
            limiter.of("10.0.0." + (3 + i)).acquire(); // 10.0.0.3 tracked, then the others
        }
        assertEquals(Map.of(), summary(), "within the window: nothing to sum up, nobody forgotten");
        assertEquals(3, limiter.tracked());
        advance(Duration.ofMinutes(1));
        assertEquals(Map.of("10.0.0.1", 1L, "others", 2L), summary(), "10.0.0.4 wrote the untracked line, 5 and 6 waited");
        assertEquals(1, limiter.tracked(), "10.0.0.2 and 10.0.0.3 went a window without a line: forgotten");
        advance(Duration.ofMinutes(1));
        assertEquals(Map.of(), summary());
        assertEquals(0, limiter.tracked(), "and 10.0.0.1 once its summary's window passed too");
        List<Long> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            again.add(limiter.of("10.0.0.9" + i).acquire());
        }
        assertEquals(List.of(0L, 0L, 0L), again, "forgotten room is given to new sources");
    }
}
