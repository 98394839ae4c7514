package io.ramal.gateway.queue.match;

import io.ramal.gateway.queue.QueueSettings;
import io.ramal.gateway.queue.match.Fakes.Attendant;
import io.ramal.gateway.queue.match.Fakes.Caller;
import io.ramal.gateway.queue.match.Fakes.Lines;
import io.ramal.gateway.queue.match.Fakes.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matchmaker driven directly: a direct executor, a manual clock, recording lines. */
class LocalMatchmakerTest {

    private final ManualClock clock = new ManualClock();
    private final List<QueueEvent> events = new ArrayList<>();
    private final Lines lines = new Lines();
    private final LocalMatchmaker mm = new LocalMatchmaker(Runnable::run, clock, events::add, lines, new Random(7),
            QueueSettings::defaults);

    @AfterEach
    void invariantsHold() {
        mm.checkInvariants();
    }

    private static QueueSettings queue(String name, String... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("queue", name);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return QueueSettings.from("test", m);
    }

    private Caller arrive(String name, QueueSettings s) {
        Caller c = new Caller(name);
        lines.callers.put(c.id, c);
        mm.enqueue(c.id, name, s);
        return c;
    }

    private Attendant login(String name, String... queues) {
        Attendant a = new Attendant(name);
        lines.attendants.put(a.id, a);
        mm.login(a.id, name, List.of(queues));
        return a;
    }

    /** The caller's side confirms the pairing, as its event loop does on the tone's first tick. */
    private void hearTone(Caller c) {
        assertNotNull(c.pairing, c + " was not paired");
        mm.callerConnected(c.id, c.pairing);
    }

    private List<QueueEvent.Type> typesOf(UUID caller) {
        return events.stream().filter(e -> caller.equals(e.caller())).map(QueueEvent::type).toList();
    }

    private QueueStats stats(String queue) {
        return mm.snapshot(false).stream().filter(s -> s.queue().equals(queue)).findFirst().orElseThrow();
    }

    @Test
    void callersAreServedInArrivalOrderAndHearTheirPositions() {
        QueueSettings s = queue("q", "wrap-up", "5s");
        Caller c1 = arrive("c1", s);
        Caller c2 = arrive("c2", s);
        Caller c3 = arrive("c3", s);
        assertEquals(List.of("position 1"), c1.heard);
        assertEquals(List.of("position 2"), c2.heard);
        assertEquals(List.of("position 3"), c3.heard);

        Attendant a = login("a", "q");
        assertEquals("connect", c1.last());
        assertEquals(List.of("position 2", "position 1"), c2.heard);
        assertEquals(List.of("position 3", "position 2"), c3.heard);
        hearTone(c1);
        clock.advance(Duration.ofSeconds(60));
        mm.callerLeft(c1.id, true);
        assertEquals("disconnect caller hung up", a.heard.get(a.heard.size() - 1));
        assertNull(c2.pairing, "wrap-up: nobody is connected yet");

        clock.advance(Duration.ofSeconds(5));
        mm.tick();
        assertEquals("connect", c2.last());
        hearTone(c2);
        mm.callerLeft(c2.id, true);
        clock.advance(Duration.ofSeconds(5));
        mm.tick();
        assertEquals("connect", c3.last());
        assertEquals(List.of("connect " + c1.id, "disconnect caller hung up", "connect " + c2.id,
                "disconnect caller hung up", "connect " + c3.id), a.heard);
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.CONNECT, QueueEvent.Type.COMPLETE_BY_CALLER),
                typesOf(c1.id));
    }

    @Test
    void higherPriorityWaitsAheadAndFifoHoldsWithinAPriority() {
        Caller low1 = arrive("low1", queue("q"));
        Caller high1 = arrive("high1", queue("q", "priority", "10"));
        Caller low2 = arrive("low2", queue("q"));
        Caller high2 = arrive("high2", queue("q", "priority", "10"));
        Attendant a = login("a", "q");
        List<Caller> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Caller served = List.of(low1, high1, low2, high2).stream().filter(c -> c.pairing != null
                    && !order.contains(c)).findFirst().orElseThrow();
            order.add(served);
            hearTone(served);
            mm.callerLeft(served.id, true);
            clock.advance(Duration.ofSeconds(5));
            mm.tick();
        }
        assertEquals(List.of(high1, high2, low1, low2), order);
        assertEquals(4, a.heard.stream().filter(h -> h.startsWith("connect")).count());
    }

    @Test
    void attendantHangingUpPutsTheCallerBackAtTheHeadForTheNextAttendant() {
        QueueSettings s = queue("q");
        Caller c1 = arrive("c1", s);
        Caller c2 = arrive("c2", s);
        Attendant a1 = login("a1", "q");
        hearTone(c1);
        mm.logout(a1.id);
        assertEquals(List.of("position 1", "connect", "requeued", "position 1"), c1.heard);
        assertEquals("position 2", c2.last(), "c2 still behind c1");
        assertEquals(1, stats("q").requeuedTotal());

        Attendant a2 = login("a2", "q");
        assertEquals("connect " + c1.id, a2.heard.get(0), "the requeued caller goes first");
        hearTone(c1);
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.CONNECT, QueueEvent.Type.REQUEUE,
                QueueEvent.Type.CONNECT), typesOf(c1.id));
    }

    @Test
    void callerHangingUpWhileWaitingIsAnAbandonAndIsNeverPaired() {
        Caller c1 = arrive("c1", queue("q"));
        Caller c2 = arrive("c2", queue("q"));
        mm.callerLeft(c1.id, false);
        assertEquals("position 1", c2.last(), "c2 moves up");
        Attendant a = login("a", "q");
        assertEquals(List.of("connect " + c2.id), a.heard);
        assertFalse(c1.heard.contains("connect"));
        QueueStats st = stats("q");
        assertEquals(1, st.abandoned());
        assertEquals(1, st.abandonedTotal());
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.ABANDON), typesOf(c1.id));
    }

    @Test
    void callerLeavingBeforeHearingTheToneIsAnAbandonAndFreesTheAttendantAtOnce() {
        Attendant a = login("a", "q");
        Caller c1 = arrive("c1", queue("q", "wrap-up", "30s"));
        assertEquals("connect", c1.last());
        mm.callerLeft(c1.id, false);
        assertEquals("disconnect caller left before connecting", a.heard.get(1));
        Caller c2 = arrive("c2", queue("q", "wrap-up", "30s"));
        assertEquals("connect", c2.last(), "no wrap-up after a conversation that never was");
        assertEquals(0, stats("q").answeredTotal());
        assertEquals(1, stats("q").abandonedTotal());
    }

    @Test
    void maximumWaitSendsTheCallerToTheOverflowTarget() {
        Caller c = arrive("c", queue("q", "max-wait", "30s", "overflow", "ramal:9000"));
        clock.advance(Duration.ofSeconds(29));
        mm.tick();
        assertEquals("position 1", c.last());
        clock.advance(Duration.ofSeconds(1));
        mm.tick();
        assertEquals("overflow ramal:9000", c.last());
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.TIMEOUT), typesOf(c.id));
        assertEquals(Duration.ofSeconds(30), events.get(events.size() - 1).waited());
        Attendant a = login("a", "q");
        assertTrue(a.heard.isEmpty(), "the overflowed caller is gone");
        assertEquals(1, stats("q").overflowedTotal());
    }

    @Test
    void overflowToAnotherQueueJoinsItsTail() {
        mm.configure(queue("b", "max-wait", "0"));
        Caller first = arrive("first", queue("b"));
        Caller c = arrive("c", queue("a", "max-wait", "10s", "overflow", "queue:b"));
        clock.advance(Duration.ofSeconds(10));
        mm.tick();
        assertEquals("position 2", c.last(), "behind who already waited in b");
        Attendant att = login("att", "b");
        assertEquals("connect " + first.id, att.heard.get(0));
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.TIMEOUT, QueueEvent.Type.ENTER), typesOf(c.id));
    }

    @Test
    void fullQueueAndNoAttendantOverflowAtOnce() {
        QueueSettings s = queue("q", "max-callers", "1");
        arrive("c1", s);
        Caller c2 = arrive("c2", s);
        assertEquals(List.of("overflow hangup"), c2.heard);
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.OVERFLOW), typesOf(c2.id));

        Caller lonely = arrive("lonely", queue("r", "require-attendant", "true"));
        assertEquals(List.of("overflow hangup"), lonely.heard);
        login("a", "r");
        Caller served = arrive("served", queue("r", "require-attendant", "true"));
        assertEquals(List.of("connect"), served.heard);
    }

    @Test
    void longestIdleAttendantIsPickedByDefault() {
        Attendant a = login("a", "q");
        clock.advance(Duration.ofSeconds(1));
        Attendant b = login("b", "q");
        Caller c1 = arrive("c1", queue("q", "wrap-up", "0"));
        assertEquals("connect " + c1.id, a.heard.get(0), "a idle longest");
        hearTone(c1);
        clock.advance(Duration.ofSeconds(1));
        mm.callerLeft(c1.id, true);
        Caller c2 = arrive("c2", queue("q", "wrap-up", "0"));
        assertEquals("connect " + c2.id, b.heard.get(0), "b idle since login, a only since its call ended");
    }

    @Test
    void roundRobinFollowsLoginOrder() {
        QueueSettings s = queue("q", "strategy", "round-robin", "wrap-up", "0");
        Attendant a = login("a", "q");
        Attendant b = login("b", "q");
        Attendant c = login("c", "q");
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Caller x = arrive("x" + i, s);
            hearTone(x);
            for (Attendant t : List.of(a, b, c)) {
                if (t.pairing != null) {
                    picks.add(t.name);
                }
            }
            mm.callerLeft(x.id, true);
        }
        assertEquals(List.of("a", "b", "c", "a"), picks);
    }

    @Test
    void fewestCallsPrefersTheLeastBusy() {
        QueueSettings s = queue("q", "strategy", "fewest-calls", "wrap-up", "0");
        Attendant a = login("a", "q");
        Caller x = arrive("x", s);
        hearTone(x);
        mm.callerLeft(x.id, true);
        clock.advance(Duration.ofSeconds(1));
        Attendant b = login("b", "q"); // idle for less time than a, but no calls yet
        clock.advance(Duration.ofSeconds(1));
        Caller y = arrive("y", s);
        assertEquals("connect " + y.id, b.heard.get(0));
        assertEquals(2, a.heard.size());
    }

    @Test
    void randomPicksEveryFreeAttendantSometimes() {
        QueueSettings s = queue("q", "strategy", "random", "wrap-up", "0");
        List<Attendant> all = List.of(login("a", "q"), login("b", "q"), login("c", "q"));
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            Caller x = arrive("x" + i, s);
            hearTone(x);
            for (Attendant t : all) {
                if (t.pairing != null) {
                    count.merge(t.name, 1, Integer::sum);
                }
            }
            mm.callerLeft(x.id, true);
        }
        assertEquals(3, count.size(), count.toString());
        count.values().forEach(n -> assertTrue(n > 60, "roughly uniform: " + count));
    }

    @Test
    void attendantOfSeveralQueuesTakesTheLongestWaitingCaller() {
        Caller inB = arrive("inB", queue("b"));
        clock.advance(Duration.ofSeconds(1));
        Caller inA = arrive("inA", queue("a"));
        Attendant both = login("both", "a", "b");
        assertEquals("connect " + inB.id, both.heard.get(0));
        assertEquals("position 1", inA.last());
    }

    @Test
    void pauseStopsNewCallersAfterTheConversationAndResumeRestarts() {
        QueueSettings s = queue("q", "wrap-up", "2s");
        Attendant a = login("a", "q");
        Caller c1 = arrive("c1", s);
        hearTone(c1);
        mm.pause(a.id, true);
        assertNotNull(a.pairing, "the conversation goes on");
        mm.callerLeft(c1.id, true);
        Caller c2 = arrive("c2", s);
        clock.advance(Duration.ofSeconds(3));
        mm.tick();
        assertFalse(c2.heard.contains("connect"), "paused after wrap-up");
        assertEquals(1, stats("q").attendantsPaused());
        mm.pause(a.id, false);
        assertEquals("connect", c2.last());
        assertTrue(events.stream().anyMatch(e -> e.type() == QueueEvent.Type.PAUSE));
        assertTrue(events.stream().anyMatch(e -> e.type() == QueueEvent.Type.UNPAUSE));
    }

    @Test
    void endDigitCompletesTheConversationAndHangsUpTheCaller() {
        Attendant a = login("a", "q");
        Caller c = arrive("c", queue("q"));
        mm.endConversation(a.id); // not yet confirmed: ignored
        assertEquals(List.of("connect"), c.heard);
        hearTone(c);
        mm.endConversation(a.id);
        assertEquals("completed", c.last());
        assertEquals("disconnect ended by attendant", a.heard.get(a.heard.size() - 1));
        mm.callerLeft(c.id, true); // the hangup reaches the caller's handler: nothing more to count
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.CONNECT, QueueEvent.Type.COMPLETE_BY_ATTENDANT),
                typesOf(c.id));
        assertEquals(1, stats("q").attendantsWrapUp());
    }

    @Test
    void staleConfirmationAfterARequeueIsIgnored() {
        Attendant a = login("a", "q");
        Caller c = arrive("c", queue("q"));
        Pairing old = c.pairing;
        mm.logout(a.id);
        mm.callerConnected(c.id, old);
        assertEquals(0, stats("q").answeredTotal());
        assertEquals(1, stats("q").waiting());
    }

    @Test
    void snapshotReportsThePeriodAndResetsIt() {
        QueueSettings s = queue("q", "service-level-seconds", "10", "wrap-up", "0");
        Caller fast = arrive("fast", s);
        Caller slow = arrive("slow", s);
        Caller gone = arrive("gone", s);
        clock.advance(Duration.ofSeconds(4));
        mm.callerLeft(gone.id, false);
        Attendant a = login("a", "q");
        hearTone(fast);                               // waited 4 s
        clock.advance(Duration.ofSeconds(16));
        mm.callerLeft(fast.id, true);
        hearTone(slow);                               // waited 20 s
        QueueStats st = stats("q");
        assertEquals(2, st.answered());
        assertEquals(1, st.abandoned());
        assertEquals(Duration.ofSeconds(12), st.averageSpeedOfAnswer());
        assertEquals(1.0 / 3, st.serviceLevel(), 1e-9, "one of three answered within 10 s");
        assertEquals(1, st.attendantsBusy());
        assertEquals(0, st.waiting());

        mm.snapshot(true);
        QueueStats next = stats("q");
        assertEquals(0, next.answered());
        assertEquals(0, next.abandoned());
        assertTrue(Double.isNaN(next.serviceLevel()));
        assertEquals(2, next.answeredTotal(), "totals survive the reset");
        assertNotNull(a);
    }

    @Test
    void waitIsEstimatedFromRecentHandleTimes() {
        QueueSettings s = queue("q", "wrap-up", "30s");
        Attendant a = login("a", "q");
        Caller first = arrive("first", s);
        hearTone(first);
        clock.advance(Duration.ofSeconds(90));
        mm.callerLeft(first.id, true);               // handle time 90 s + 30 s wrap-up = 2 min
        Caller c1 = arrive("c1", s);
        Caller c2 = arrive("c2", s);
        assertEquals("position 1 ~2min", c1.last());
        assertEquals("position 2 ~4min", c2.last());
        assertEquals(0, a.heard.stream().filter(h -> h.equals("connect " + c1.id)).count());
    }

    @Test
    void positionIsRepeatedEveryAnnounceInterval() {
        Caller c = arrive("c", queue("q", "announce-interval", "30s"));
        clock.advance(Duration.ofSeconds(29));
        mm.tick();
        assertEquals(1, c.heard.size());
        clock.advance(Duration.ofSeconds(1));
        mm.tick();
        assertEquals(List.of("position 1", "position 1"), c.heard);
    }

    @Test
    void everyEnterEndsExactlyOnce() {
        Random r = new Random(11);
        QueueSettings s = queue("q", "max-wait", "20s", "wrap-up", "1s", "max-callers", "15");
        List<Caller> callers = new ArrayList<>();
        List<Attendant> atts = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            clock.advance(Duration.ofMillis(200));
            int what = r.nextInt(10);
            if (what < 3) {
                callers.add(arrive("c" + step, s));
            } else if (what == 3 && atts.size() < 5) {
                atts.add(login("a" + step, "q"));
            } else if (what == 4 && !atts.isEmpty()) {
                mm.logout(atts.remove(r.nextInt(atts.size())).id);
            } else if (what == 5 && !callers.isEmpty()) {
                Caller c = callers.get(r.nextInt(callers.size()));
                mm.callerLeft(c.id, c.pairing != null);
            } else if (what == 6) {
                for (Caller c : callers) {
                    if (c.pairing != null && "connect".equals(c.last())) {
                        mm.callerConnected(c.id, c.pairing);
                    }
                }
            } else if (what == 7 && !atts.isEmpty()) {
                mm.endConversation(atts.get(r.nextInt(atts.size())).id);
            } else {
                mm.tick();
            }
            mm.checkInvariants();
        }
        for (Caller c : callers) {
            mm.callerLeft(c.id, c.pairing != null);
        }
        Map<UUID, Integer> enters = new HashMap<>();
        Map<UUID, Integer> ends = new HashMap<>();
        for (QueueEvent e : events) {
            if (e.type() == QueueEvent.Type.ENTER) {
                enters.merge(e.caller(), 1, Integer::sum);
            } else if (e.type().endsStay()) {
                ends.merge(e.caller(), 1, Integer::sum);
            }
        }
        assertEquals(callers.size(), enters.size());
        assertEquals(enters, ends, "each caller's stay ends exactly once");
        QueueStats st = stats("q");
        assertEquals(callers.size(), st.abandonedTotal() + st.overflowedTotal() + st.completedTotal());
    }
}
