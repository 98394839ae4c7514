package io.ramal.gateway.queue.match;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each strategy's pick, on attendants set up by hand: only free ones, and the right one. */
class StrategyTest {

    private static Attendant attendant(String name, Attendant.State state, long idleSince, int calls) {
        Attendant a = new Attendant(UUID.randomUUID(), name);
        a.state = state;
        a.idleSince = idleSince;
        a.calls = calls;
        return a;
    }

    private final Attendant busy = attendant("busy", Attendant.State.BUSY, 0, 0);
    private final Attendant recent = attendant("recent", Attendant.State.FREE, 300, 1);
    private final Attendant paused = attendant("paused", Attendant.State.PAUSED, 50, 0);
    private final Attendant idle = attendant("idle", Attendant.State.FREE, 100, 5);
    private final Attendant wrapping = attendant("wrapping", Attendant.State.WRAP_UP, 10, 0);
    private final List<Attendant> members = List.of(busy, recent, paused, idle, wrapping);

    @Test
    void longestIdlePicksTheFreeAttendantIdleSinceEarliest() {
        assertSame(idle, Strategy.LONGEST_IDLE.pick(members, null, new Random(1)));
    }

    @Test
    void fewestCallsPicksTheFreeAttendantWithFewestCallsThenTheLongestIdle() {
        assertSame(recent, Strategy.FEWEST_CALLS.pick(members, null, new Random(1)));
        Attendant alsoOne = attendant("also-one", Attendant.State.FREE, 200, 1);
        assertSame(alsoOne, Strategy.FEWEST_CALLS.pick(List.of(recent, alsoOne, idle), null, new Random(1)));
    }

    @Test
    void roundRobinTakesTheNextFreeAttendantAfterTheLastPickedAndWraps() {
        assertSame(recent, Strategy.ROUND_ROBIN.pick(members, null, new Random(1)), "from the start");
        assertSame(idle, Strategy.ROUND_ROBIN.pick(members, recent, new Random(1)));
        assertSame(recent, Strategy.ROUND_ROBIN.pick(members, idle, new Random(1)), "wraps past the end");
    }

    @Test
    void randomPicksOnlyFreeAttendantsAndEachOfThem() {
        Map<Attendant, Integer> picks = new HashMap<>();
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            picks.merge(Strategy.RANDOM.pick(members, null, r), 1, Integer::sum);
        }
        assertEquals(2, picks.size(), "only the two free ones: " + picks);
        assertTrue(picks.get(recent) > 800 && picks.get(idle) > 800, "about evenly: " + picks);
    }

    @Test
    void noFreeAttendantMeansNoPick() {
        List<Attendant> none = List.of(busy, paused, wrapping);
        for (Strategy s : Strategy.values()) {
            assertNull(s.pick(none, busy, new Random(1)), s.wireName());
            assertNull(s.pick(List.of(), null, new Random(1)), s.wireName());
        }
    }
}
