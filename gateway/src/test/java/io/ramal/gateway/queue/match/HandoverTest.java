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
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue changing owner node: callers re-entering with their arrival times keep their order,
 * the new owner holds its first pairing while they re-enter, and the old owner forgets the
 * queue without counting anyone as gone.
 */
class HandoverTest {

    private final ManualClock clock = new ManualClock();
    private final List<QueueEvent> events = new ArrayList<>();
    private final Lines lines = new Lines();
    private final LocalMatchmaker mm = new LocalMatchmaker(Runnable::run, clock, events::add, lines, new Random(7),
            QueueSettings::defaults);
    private final QueueSettings q = QueueSettings.from("test", Map.of("queue", "q"));

    @AfterEach
    void invariantsHold() {
        mm.checkInvariants();
    }

    private Caller reenter(String name, long arrivedAt) {
        Caller c = new Caller(name);
        lines.callers.put(c.id, c);
        mm.enqueue(c.id, name, q, arrivedAt);
        return c;
    }

    private Attendant login(String name) {
        Attendant a = new Attendant(name);
        lines.attendants.put(a.id, a);
        mm.login(a.id, name, List.of("q"));
        return a;
    }

    @Test
    void callersReenteringOutOfOrderAreServedInTheirOriginalArrivalOrderAfterTheSettle() {
        long t0 = clock.millis() - 60_000;
        mm.hold(List.of("q"), Duration.ofSeconds(2));
        login("a");
        // They reconnect in the order their nodes noticed, not the order they called in.
        Caller third = reenter("third", t0 + 3_000);
        Caller first = reenter("first", t0 + 1_000);
        Caller second = reenter("second", t0 + 2_000);
        assertNull(third.pairing, "no pairing while the new owner settles");
        assertNull(first.pairing);
        assertEquals("position 1", first.last(), "positions follow arrival already");
        assertEquals("position 2", second.last());
        assertEquals("position 3", third.last());

        clock.advance(Duration.ofMillis(1_999));
        mm.tick();
        assertNull(first.pairing, "still settling");
        clock.advance(Duration.ofMillis(1));
        mm.tick();
        List<Caller> served = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Caller c = List.of(first, second, third).stream().filter(x -> x.pairing != null && !served.contains(x))
                    .findFirst().orElseThrow();
            served.add(c);
            mm.callerConnected(c.id, c.pairing);
            mm.callerLeft(c.id, true);
            clock.advance(Duration.ofSeconds(30)); // the attendant's wrap-up
            mm.tick();
        }
        assertEquals(List.of(first, second, third), served);
        QueueStats s = mm.snapshot(false).get(0);
        assertEquals(3, s.answered());
        assertTrue(s.averageSpeedOfAnswer().toSeconds() >= 60, "the wait counts from the arrival on the first node: " + s.averageSpeedOfAnswer());
    }

    @Test
    void aReleasedQueueForgetsItsCallersAndAttendantsWithoutCountingThemAsGone() {
        Attendant a = login("a");
        Caller talking = reenter("talking", Long.MAX_VALUE);
        mm.callerConnected(talking.id, talking.pairing);
        Caller waiting = reenter("waiting", Long.MAX_VALUE);
        int before = events.size();

        mm.release(List.of("q"));
        assertEquals(before, events.size(), "no abandon, completion or logout: " + events.subList(before, events.size()));
        // Their handlers leave after the release: the matchmaker has nothing left to answer.
        mm.callerLeft(waiting.id, false);
        mm.callerLeft(talking.id, true);
        mm.logout(a.id);
        assertEquals(before, events.size());
        assertTrue(mm.board().stream().allMatch(b -> b.waiting().isEmpty() && b.attendants().isEmpty()),
                "nothing left on the board: " + mm.board());

        // Taken back later, the queue works as before.
        Attendant b = login("b");
        Caller again = reenter("again", Long.MAX_VALUE);
        assertEquals("connect", again.last());
        assertEquals(1, b.heard.stream().filter(h -> h.startsWith("connect")).count());
    }
}
