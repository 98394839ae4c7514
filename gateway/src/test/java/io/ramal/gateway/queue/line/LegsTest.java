package io.ramal.gateway.queue.line;

import io.ramal.gateway.queue.audio.Bridge;
import io.ramal.gateway.queue.audio.Bridges;
import io.ramal.gateway.queue.match.Overflow;
import io.ramal.gateway.queue.match.Pairing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The node's legs: the matchmaker's answers by call id reach the right line, a pairing becomes
 * one bridge shared by both legs, and the bridge is torn down when the pairing ends.
 */
class LegsTest {

    private final Bridges bridges = new Bridges(1024);
    private final Legs legs = new Legs(bridges);
    private final FakeCaller caller = new FakeCaller();
    private final FakeAttendant attendant = new FakeAttendant();
    private final Pairing pairing = new Pairing(7, "q", caller.id, attendant.id);

    @Test
    void aPairingGivesBothLegsTheSameBridgeAndItsEndTearsItDown() {
        legs.add(caller);
        legs.add(attendant);
        legs.position(caller.id, 2, 1);
        legs.paired(pairing);
        assertNotNull(caller.bridge);
        assertSame(caller.bridge, attendant.bridge, "one bridge, both sides");
        assertSame(pairing, caller.bridge.pairing());
        assertEquals(1, bridges.size());

        legs.completedByAttendant(caller.id, pairing);
        legs.unpaired(attendant.id, pairing, "ended by attendant");
        assertEquals(0, bridges.size(), "torn down");
        assertEquals(List.of("position 2 ~1", "connect", "completed"), caller.heard);
        assertEquals(List.of("connect", "disconnect ended by attendant"), attendant.heard);
    }

    @Test
    void losingAQueueEvictsItsLegsAndTearsItsBridgesDownButNotTheOtherQueues() {
        FakeCaller other = new FakeCaller();
        other.queue = "elsewhere";
        legs.add(caller);
        legs.add(other);
        legs.add(attendant);
        legs.paired(pairing);
        legs.evict(List.of("q2", "q"));
        assertEquals(List.of("connect", "evicted"), caller.heard);
        assertEquals(List.of("connect", "evicted"), attendant.heard);
        assertEquals(List.of(), other.heard);
        assertEquals(0, bridges.size());
    }

    @Test
    void aRequeueTearsTheBridgeDown() {
        legs.add(caller);
        legs.add(attendant);
        legs.paired(pairing);
        legs.remove(attendant);
        legs.requeued(caller.id, pairing);
        assertEquals(0, bridges.size());
        assertEquals(List.of("connect", "requeued"), caller.heard);
    }

    @Test
    void anEndedLineIsRemovedButNotTheNextLineOfTheSameCall() {
        legs.add(caller);
        FakeCaller next = new FakeCaller(caller.id); // transferred to another queue handler
        legs.add(next);
        legs.remove(caller); // the old handler's end comes after
        legs.position(caller.id, 1, 0);
        assertEquals(List.of("position 1 ~0"), next.heard);
        assertEquals(List.of(), caller.heard);
    }

    @Test
    void answersForCallsNotOnThisNodeAreDropped() {
        legs.add(attendant);
        legs.paired(pairing); // the caller hung up meanwhile
        assertEquals(List.of("connect"), attendant.heard);
        legs.overflow(caller.id, Overflow.HANGUP);
        legs.position(caller.id, 1, 0);
        legs.unpaired(attendant.id, pairing, "caller hung up");
        assertEquals(List.of("connect", "disconnect caller hung up"), attendant.heard);
        assertEquals(0, bridges.size());
        assertEquals(List.of(), caller.heard);
    }

    private static final class FakeCaller implements CallerLine {
        final UUID id;
        final List<String> heard = new ArrayList<>();
        Bridge bridge;
        String queue = "q";

        FakeCaller() {
            this(UUID.randomUUID());
        }

        FakeCaller(UUID id) {
            this.id = id;
        }

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public String label() {
            return "caller";
        }

        @Override
        public void position(int position, int estimateMinutes) {
            heard.add("position " + position + " ~" + estimateMinutes);
        }

        @Override
        public void connect(Bridge b) {
            bridge = b;
            heard.add("connect");
        }

        @Override
        public void requeued() {
            heard.add("requeued");
        }

        @Override
        public void completedByAttendant() {
            heard.add("completed");
        }

        @Override
        public void overflow(Overflow target) {
            heard.add("overflow " + target);
        }

        @Override
        public String queue() {
            return queue;
        }

        @Override
        public void evict() {
            heard.add("evicted");
        }
    }

    private static final class FakeAttendant implements AttendantLine {
        final UUID id = UUID.randomUUID();
        final List<String> heard = new ArrayList<>();
        Bridge bridge;

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public String label() {
            return "attendant";
        }

        @Override
        public void connect(Bridge b) {
            bridge = b;
            heard.add("connect");
        }

        @Override
        public void disconnect(Bridge b, String why) {
            heard.add("disconnect " + why);
        }

        @Override
        public List<String> queues() {
            return List.of("q", "q2");
        }

        @Override
        public void evict() {
            heard.add("evicted");
        }
    }
}
