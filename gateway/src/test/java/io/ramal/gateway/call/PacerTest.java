package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ramal.audio.AudioFormat;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many calls on one event loop, on frozen time: the slots, and what a tick may do to other calls
 * of its slot (end them) without any call sending two frames in one tick or none.
 */
class PacerTest {

    /** Counts its ticks; runs {@link #onFirstTick} on its next tick. */
    static final class Counting implements CallHandler {
        int ticks;
        CallContext ctx;
        /** Runs once, on the next tick. */
        Consumer<CallContext> onFirstTick;

        @Override
        public void onStart(CallContext call) {
            ctx = call;
        }

        @Override
        public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
        }

        @Override
        public void onTick(CallContext call) {
            ticks++;
            if (onFirstTick != null) {
                Consumer<CallContext> c = onFirstTick;
                onFirstTick = null;
                c.accept(call);
            }
        }
    }

    private final TestOwner owner = new TestOwner(CallSettings.from(Map.of("idle-timeout", "0")), Counting::new);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private EmbeddedChannel first;

    /** {@code n} identified calls, all on the first channel's event loop. */
    private List<CallSession> calls(int n) {
        List<CallSession> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(CallSession.pipeline(owner));
            if (first == null) {
                ch.freezeTime();
                first = ch;
                owner.pacers = Pacers.sharing(ch.eventLoop()); // one loop's pacer for every call
            }
            channels.add(ch);
            UUID id = UUID.randomUUID();
            ByteBuf b = Unpooled.buffer(19);
            b.writeByte(0x01).writeShort(16).writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
            ch.writeInbound(b);
            out.add(ch.pipeline().get(CallSession.class));
        }
        return out;
    }

    private void tick() {
        first.advanceTimeBy(20, TimeUnit.MILLISECONDS);
        first.runPendingTasks();
    }

    private static Counting handler(CallSession s) {
        return (Counting) s.context().handler();
    }

    @AfterEach
    void release() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void callsSpreadOverTheSlotsAndEachTicksOncePerTick() {
        List<CallSession> calls = calls(45);
        Map<Integer, Integer> perSlot = new HashMap<>();
        for (CallSession s : calls) {
            perSlot.merge(s.context().pacing().slot(), 1, Integer::sum);
        }
        assertEquals(Pacer.SLOTS, perSlot.size(), "every slot is used: " + perSlot);
        assertTrue(perSlot.values().stream().allMatch(n -> n == 2 || n == 3), "least loaded first: " + perSlot);
        for (int t = 1; t <= 5; t++) {
            tick();
            for (CallSession s : calls) {
                assertEquals(t, handler(s).ticks, "one tick per call per 20 ms");
            }
        }
    }

    @Test
    void aTickThatEndsTheOtherCallsOfItsSlotLeavesNobodyTickedTwiceOrSkipped() {
        List<CallSession> calls = calls(Pacer.SLOTS * 3); // three calls in every slot
        tick();
        // In slot 5, the call ticked first (the last in the slot's list) ends the other two,
        // which have not been ticked in that tick yet.
        List<CallSession> slot = calls.stream().filter(s -> s.context().pacing().slot() == 5).toList();
        assertEquals(3, slot.size());
        CallSession killer = slot.get(2);
        handler(killer).onFirstTick = c -> { // on its next tick
            slot.get(0).context().hangup("ended by its partner");
            slot.get(1).context().hangup("ended by its partner");
        };
        tick();
        tick();
        assertEquals(3, handler(killer).ticks, "exactly one tick per tick, never two");
        assertEquals(1, handler(slot.get(0)).ticks, "an ended call is not ticked after it ended");
        assertEquals(1, handler(slot.get(1)).ticks, "an ended call is not ticked after it ended");
        for (CallSession s : calls) {
            if (!slot.subList(0, 2).contains(s)) {
                assertEquals(3, handler(s).ticks, "every other call ticked once per tick");
            }
        }
        assertEquals(0, owner.counters.internalErrors.sum());
    }

    @Test
    void aRemovedCallIsNotTickedAndRemovingItAgainChangesNothing() {
        List<CallSession> calls = calls(3);
        Pacer pacer = owner.pacers.of(first.eventLoop());
        Pacer.Entry gone = calls.get(1).context().pacing();
        pacer.remove(gone);
        pacer.remove(gone);
        assertEquals(2, pacer.size());
        assertEquals(-1, gone.slot());
        tick();
        assertEquals(0, handler(calls.get(1)).ticks, "a removed call is not ticked");
        assertEquals(1, handler(calls.get(0)).ticks);
        assertEquals(1, handler(calls.get(2)).ticks);
    }

    @Test
    void aCallAddedDuringACatchUpOwesNothingForThePastSlots() {
        List<CallSession> early = calls(1);
        tick();
        first.advanceTimeBy(60, TimeUnit.MILLISECONDS); // the loop is three ticks late...
        List<CallSession> late = calls(1); // ...and a call arrives before the catch-up runs
        first.runPendingTasks();
        assertEquals(4, handler(early.get(0)).ticks, "the first call catches up the three it owed");
        assertTrue(handler(late.get(0)).ticks <= 1, "the new call owed nothing: " + handler(late.get(0)).ticks);
    }

    @Test
    void aLoopLateBeyondTheCatchUpSkipsAheadAndCountsWhatItsCallsMissed() {
        List<CallSession> calls = calls(Pacer.SLOTS + 5);
        Pacer pacer = owner.pacers.of(first.eventLoop());
        tick();
        first.advanceTimeBy(200, TimeUnit.MILLISECONDS); // ten ticks late: beyond the five a loop catches up
        tick();
        assertTrue(pacer.skippedTicks() > 0, "the skip is counted");
        for (CallSession s : calls) {
            assertTrue(handler(s).ticks < 12, "a long stall is not burst out: " + handler(s).ticks);
        }
        for (CallSession s : calls) {
            pacer.remove(s.context().pacing());
        }
    }

    @Test
    void aStallWithNoCallLeftIsNoSkip() {
        // A mass hang-up: the loop spent its time closing every call and finds itself late with none left.
        List<CallSession> calls = calls(Pacer.SLOTS + 5);
        Pacer pacer = owner.pacers.of(first.eventLoop());
        tick();
        first.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        for (CallSession s : calls) {
            pacer.remove(s.context().pacing());
        }
        first.runPendingTasks();
        assertEquals(0, pacer.skippedTicks(), "no call missed a frame");
        assertEquals("idle", pacer.mode());
    }

    @Test
    void aLoadedLoopRunsOneFixedRateTaskAndFallsBackToOneShotRunsAsCallsEnd() {
        List<CallSession> calls = calls(Pacer.SLOTS + 5);
        Pacer pacer = owner.pacers.of(first.eventLoop());
        tick();
        assertEquals("fixed-rate", pacer.mode(), "a slot for every call from " + Pacer.SLOTS + " calls up");
        for (int t = 2; t <= 4; t++) {
            tick();
        }
        first.advanceTimeBy(60, TimeUnit.MILLISECONDS); // three ticks late: the fixed-rate task is due many times
        tick();
        for (CallSession s : calls) {
            assertEquals(8, handler(s).ticks, "one tick per 20 ms, caught up exactly once");
        }
        // Calls that arrive while the fixed-rate task runs join it: no second task, no new epoch.
        List<CallSession> more = calls(5);
        tick();
        tick();
        assertEquals("fixed-rate", pacer.mode());
        for (CallSession s : calls) {
            assertEquals(10, handler(s).ticks, "the earlier calls keep one tick per 20 ms");
        }
        for (CallSession s : more) {
            assertTrue(handler(s).ticks == 2, "a joining call ticks once per tick: " + handler(s).ticks);
            pacer.remove(s.context().pacing());
        }
        // The first call stays: closing its channel would cancel the loop's scheduled tasks.
        List<CallSession> staying = new ArrayList<>(calls.subList(calls.size() - 4, calls.size()));
        staying.add(calls.get(0));
        for (CallSession s : calls.subList(1, calls.size() - 4)) {
            s.context().hangup("done");
            ((EmbeddedChannel) s.channel()).runPendingTasks();
        }
        tick();
        assertEquals("one-shot", pacer.mode(), "back to waking only for the slots with calls");
        tick();
        for (CallSession s : staying) {
            assertEquals(12, handler(s).ticks, "the remaining calls go on ticking once per tick");
        }
        for (CallSession s : staying) {
            pacer.remove(s.context().pacing()); // as an ended call leaves it, without closing the loop's channel
        }
        tick();
        assertEquals("idle", pacer.mode(), "nothing scheduled once the last call has gone");
        assertEquals(0, owner.counters.internalErrors.sum());
    }
}
