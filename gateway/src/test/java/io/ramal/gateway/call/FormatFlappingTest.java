package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A caller that changes its audio kind too often is hung up; one that changes now and then is followed. On frozen time. */
class FormatFlappingTest {

    private final CallSessionTest.Recorder recorder = new CallSessionTest.Recorder();
    private EmbeddedChannel ch;
    private TestOwner owner;

    private void open(Map<String, String> settings) {
        owner = new TestOwner(CallSettings.from(settings), () -> recorder);
        ch = new EmbeddedChannel(CallSession.pipeline(owner));
        ch.freezeTime();
        UUID id = UUID.randomUUID();
        ByteBuf b = Unpooled.buffer(19);
        b.writeByte(0x01).writeShort(16).writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
        ch.writeInbound(b);
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    /** Frame {@code i} of a caller alternating 8 kHz (0x10) and 16 kHz (0x12), {@code gapMs} apart. */
    private void flip(int i, long gapMs) {
        for (long t = 0; t < gapMs; t += 10) { // in steps, as a running loop would: the pacer is never late
            ch.advanceTimeBy(Math.min(10, gapMs - t), TimeUnit.MILLISECONDS);
            ch.runPendingTasks();
        }
        boolean narrow = i % 2 == 0;
        int len = narrow ? 320 : 640;
        ByteBuf b = Unpooled.buffer(3 + len);
        b.writeByte(narrow ? 0x10 : 0x12).writeShort(len).writeZero(len);
        ch.writeInbound(b);
        ch.runPendingTasks();
    }

    private boolean hangupSent() {
        ByteBuf b;
        boolean hangup = false;
        while ((b = ch.readOutbound()) != null) {
            while (b.isReadable()) {
                int kind = b.readUnsignedByte();
                hangup |= kind == 0x00;
                b.skipBytes(b.readUnsignedShort());
            }
            b.release();
        }
        return hangup;
    }

    @Test
    void aCallerFlippingEveryFrameIsHungUpAtTheFifthChange() {
        open(Map.of());
        flip(0, 20); // 8 kHz: the extension's format, no change
        for (int i = 1; i <= 4; i++) {
            flip(i, 20);
        }
        assertTrue(recorder.events.stream().noneMatch(e -> e.startsWith("end:")), "four changes in 80 ms: allowed");
        flip(5, 20);
        assertTrue(recorder.events.contains("end:format-flapping"), recorder.events.toString());
        assertEquals(4, recorder.events.stream().filter(e -> e.startsWith("format:")).count(),
                "the fifth change is not followed");
        assertEquals(1, owner.counters.protocolErrors.sum(), "counted as a protocol error");
        assertTrue(owner.counters.lastError().message().startsWith("format flapping"));
        assertTrue(hangupSent(), "the hangup frame is sent");
    }

    @Test
    void fourChangesASecondAreFollowed() {
        open(Map.of());
        for (int i = 0; i <= 40; i++) {
            flip(i, 250); // a change every 250 ms: five of them span a whole second
        }
        assertEquals(40, recorder.events.stream().filter(e -> e.startsWith("format:")).count());
        assertTrue(ch.isActive());
        assertFalse(hangupSent());
        assertEquals(0, owner.counters.protocolErrors.sum());
    }

    @Test
    void theLimitIsConfigurableAndZeroTurnsItOff() {
        open(Map.of("max-format-changes-per-second", "0"));
        for (int i = 0; i <= 100; i++) {
            flip(i, 20);
        }
        assertEquals(100, recorder.events.stream().filter(e -> e.startsWith("format:")).count());
        assertTrue(ch.isActive());
    }
}
