package io.ramal.gateway.queue.match;

import io.ramal.gateway.queue.QueueSettings;
import io.ramal.gateway.queue.match.Fakes.Caller;
import io.ramal.gateway.queue.match.Fakes.Lines;
import io.ramal.gateway.queue.match.Fakes.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running totals behind {@code /metrics}: answered, answered within the threshold and the
 * answered callers' summed waits survive the status log's period resets and idle periods, so a
 * monitoring system can compute speed of answer and service level over any window.
 */
class QueueCountersTest {

    private final ManualClock clock = new ManualClock();
    private final Lines lines = new Lines();
    private final LocalMatchmaker mm = new LocalMatchmaker(Runnable::run, clock, e -> { }, lines, new Random(7),
            QueueSettings::defaults);

    private Caller arrive(String name, QueueSettings s) {
        Caller c = new Caller(name);
        lines.callers.put(c.id, c);
        mm.enqueue(c.id, name, s);
        return c;
    }

    private QueueStats stats(boolean reset) {
        return mm.snapshot(reset).stream().filter(s -> s.queue().equals("q")).findFirst().orElseThrow();
    }

    @Test
    void totalsKeepAnsweredWithinThresholdAndWaitAcrossPeriodsAndIdleness() {
        QueueSettings s = QueueSettings.from("test", Map.of("queue", "q", "service-level-seconds", "10",
                "wrap-up", "0"));
        Caller onTheThreshold = arrive("edge", s);
        Caller slow = arrive("slow", s);
        Caller gone = arrive("gone", s);
        clock.advance(Duration.ofSeconds(4));
        mm.callerLeft(gone.id, false);
        clock.advance(Duration.ofSeconds(6));
        Fakes.Attendant a = new Fakes.Attendant("a");
        lines.attendants.put(a.id, a);
        mm.login(a.id, "a", List.of("q"));
        mm.callerConnected(onTheThreshold.id, onTheThreshold.pairing);   // waited exactly 10 s: within
        clock.advance(Duration.ofSeconds(10));
        mm.callerLeft(onTheThreshold.id, true);
        mm.callerConnected(slow.id, slow.pairing);                       // waited 20 s: not within

        QueueStats period = stats(true);
        assertEquals(2, period.answered());
        assertEquals(1.0 / 3, period.serviceLevel(), 1e-9, "the status log's period: 1 of 3 within 10 s");

        QueueStats idle = stats(true);
        assertEquals(0, idle.answered(), "a period with no answers");
        assertTrue(Double.isNaN(idle.serviceLevel()), "the status log's per-period figure is NaN when idle");
        assertEquals(2, idle.answeredTotal());
        assertEquals(1, idle.answeredWithinTotal(), "the answer at exactly the threshold counts as within");
        assertEquals(Duration.ofSeconds(30), idle.answeredWaitTotal(), "10 s + 20 s");
        assertEquals(1, idle.abandonedTotal());
        assertEquals(Duration.ofSeconds(10), idle.serviceLevelThreshold());
    }

    @Test
    void aCallerAnsweredAgainAfterARequeueCountsEachAnswer() {
        QueueSettings s = QueueSettings.from("test", Map.of("queue", "q", "service-level-seconds", "5"));
        Fakes.Attendant first = new Fakes.Attendant("first");
        lines.attendants.put(first.id, first);
        mm.login(first.id, "first", List.of("q"));
        Caller c = arrive("c", s);
        clock.advance(Duration.ofSeconds(2));
        mm.callerConnected(c.id, c.pairing);                             // 2 s: within
        clock.advance(Duration.ofSeconds(30));
        mm.logout(first.id);                                             // requeued: waits again from now
        clock.advance(Duration.ofSeconds(7));
        Fakes.Attendant second = new Fakes.Attendant("second");
        lines.attendants.put(second.id, second);
        mm.login(second.id, "second", List.of("q"));
        mm.callerConnected(c.id, c.pairing);                             // 7 s after the requeue: not within

        QueueStats st = stats(false);
        assertEquals(2, st.answeredTotal());
        assertEquals(1, st.answeredWithinTotal());
        assertEquals(Duration.ofSeconds(9), st.answeredWaitTotal());
        assertEquals(1, st.requeuedTotal());
    }
}
