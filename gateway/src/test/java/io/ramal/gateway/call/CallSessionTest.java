package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ramal.audio.AudioFormat;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The call lifecycle on frozen time: every timer and every tick is deterministic. */
class CallSessionTest {

    /** Records what the session tells it; optionally queues audio at start. */
    static final class Recorder implements CallHandler {
        final List<String> events = new ArrayList<>();
        int burstFrames;

        @Override
        public void onStart(CallContext call) {
            events.add("start");
            byte[] b = new byte[burstFrames * 320];
            java.util.Arrays.fill(b, (byte) 7);
            call.play(b, 0, b.length);
        }

        @Override
        public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
            events.add("audio:" + format.sampleRate() + ":" + payload.readableBytes());
            call.play(payload);
        }

        @Override
        public void onDtmf(CallContext call, char digit) {
            events.add("dtmf:" + digit);
        }

        @Override
        public void onFormatChange(CallContext call, AudioFormat format) {
            events.add("format:" + format.sampleRate() + ":" + call.playout().frameBytes());
        }

        @Override
        public void onEnd(CallContext call, EndReason reason) {
            events.add("end:" + reason.label());
        }
    }

    private final Recorder recorder = new Recorder();
    private TestOwner owner = new TestOwner(CallSettings.from(Map.of()), () -> recorder);
    private EmbeddedChannel ch;

    /** A call with {@code settings} (the {@code call:} keys) over the defaults. */
    private EmbeddedChannel open(Map<String, ?> settings) {
        owner = new TestOwner(CallSettings.from(settings), () -> recorder);
        return open();
    }

    private EmbeddedChannel open() {
        ch = new EmbeddedChannel(CallSession.pipeline(owner));
        ch.freezeTime();
        return ch;
    }

    @AfterEach
    void noLeaks() {
        drainOutbound();
        ch.finishAndReleaseAll();
    }

    private static ByteBuf frame(int kind, byte[] payload) {
        ByteBuf b = Unpooled.buffer(3 + payload.length);
        b.writeByte(kind).writeShort(payload.length).writeBytes(payload);
        return b;
    }

    private void identify() {
        UUID id = UUID.randomUUID();
        ByteBuf b = Unpooled.buffer(19);
        b.writeByte(0x01).writeShort(16).writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
        ch.writeInbound(b);
    }

    /** The call as its handler sees it. */
    private ActiveCall call() {
        return ch.pipeline().get(CallSession.class).context();
    }

    private void tick(int n) {
        for (int i = 0; i < n; i++) {
            ch.advanceTimeBy(20, TimeUnit.MILLISECONDS);
            ch.runPendingTasks();
        }
    }

    /** Outbound frames as {kind, length, first payload byte}; releases them. */
    private List<int[]> drainOutbound() {
        List<int[]> out = new ArrayList<>();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            while (b.isReadable()) {
                int kind = b.readUnsignedByte();
                int len = b.readUnsignedShort();
                int first = len > 0 ? b.getByte(b.readerIndex()) : -1;
                b.skipBytes(len);
                out.add(new int[] {kind, len, first});
            }
            b.release();
        }
        return out;
    }

    @Test
    void exactlyOneFramePerTickWhateverIsQueued() {
        recorder.burstFrames = 100;
        open();
        identify();
        for (int t = 1; t <= 10; t++) {
            tick(1);
            List<int[]> out = drainOutbound();
            assertEquals(1, out.size(), "tick " + t + " sends exactly one frame");
            assertEquals(0x10, out.get(0)[0]);
            assertEquals(320, out.get(0)[1]);
            assertEquals(7, out.get(0)[2], "queued audio, not silence");
        }
        assertEquals(90, call().playout().queuedFrames());
    }

    @Test
    void aTransferToALiveHandlerGetsTheLiveBufferAndKeepsWhatWasAboutToPlay() {
        recorder.burstFrames = 30;
        open();
        identify();
        tick(2);
        ActiveCall s = call();
        assertEquals(28, s.playout().queuedFrames());
        CallHandler live = new CallHandler() {
            @Override
            public void onStart(CallContext call) {
            }

            @Override
            public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
            }

            @Override
            public int playoutCapacityFrames(CallSettings settings) {
                return settings.livePlayoutCapacityFrames();
            }
        };
        s.transfer(live, "test");
        int liveFrames = owner.settings.livePlayoutCapacityFrames();
        assertEquals(liveFrames, s.playout().capacityFrames(), "the live buffer, with its latency limit");
        assertEquals(liveFrames, s.playout().queuedFrames(), "what was about to play moved over");
        drainOutbound();
        tick(1);
        assertEquals(7, drainOutbound().get(0)[2], "and it plays");
        s.hangup("test");
        assertEquals(0, owner.counters.overflows.sum(), "what did not fit was dropped by the transfer, not overflow");
    }

    @Test
    void aLateLoopCatchesUpTheFramesItOwedAndOnlyALongStallSkips() {
        recorder.burstFrames = 100;
        open();
        identify();
        tick(1);
        assertEquals(1, drainOutbound().size());
        ch.advanceTimeBy(60, TimeUnit.MILLISECONDS); // three ticks late
        ch.runPendingTasks();
        assertEquals(3, drainOutbound().size(), "the three owed frames go at once: latency unchanged");
        ch.advanceTimeBy(200, TimeUnit.MILLISECONDS); // ten ticks: past the catch-up limit
        ch.runPendingTasks();
        assertEquals(1, drainOutbound().size(), "a long stall is skipped, not burst at Asterisk");
        assertEquals(100 - 5, call().playout().queuedFrames());
    }

    @Test
    void theFrameBufferIsReusedOnlyOnceTheSocketHasLetGoOfIt() {
        recorder.burstFrames = 10;
        open();
        identify();
        tick(1);
        ByteBuf first = ch.readOutbound();
        first.release(); // written: Netty drops its reference
        tick(1);
        ByteBuf second = ch.readOutbound();
        assertSame(first, second, "the same buffer carries the next frame");
        // Not yet written (still queued): the next tick must not overwrite it.
        tick(1);
        ByteBuf third = ch.readOutbound();
        assertNotSame(second, third, "a queued frame is never overwritten");
        assertEquals(0x10, second.getByte(0));
        assertEquals(7, second.getByte(3));
        second.release();
        third.release();
    }

    @Test
    void silenceFlowsWhenNothingPlays() {
        open();
        identify();
        tick(5);
        List<int[]> out = drainOutbound();
        assertEquals(5, out.size());
        for (int[] f : out) {
            assertEquals(0x10, f[0]);
            assertEquals(0, f[2]);
        }
    }

    @Test
    void noIdWithinTheHandshakeTimeoutSendsHangupAndCloses() {
        open();
        ch.advanceTimeBy(4_900, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertTrue(ch.isActive(), "not before the timeout");
        ch.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        List<int[]> out = drainOutbound();
        assertEquals(1, out.size());
        assertEquals(0x00, out.get(0)[0], "hangup frame");
        assertFalse(ch.isOpen());
        assertEquals(1, owner.counters.handshakeTimeouts.sum());
    }

    @Test
    void idleCallerIsHungUpOnceAfterTheIdleTimeout() {
        open();
        identify();
        tick(499); // 9.98 s
        assertTrue(ch.isActive());
        tick(3);
        List<int[]> out = drainOutbound();
        assertEquals(0x00, out.get(out.size() - 1)[0], "ends with the hangup frame");
        assertFalse(ch.isOpen());
        assertEquals(List.of("start", "end:idle-timeout"), recorder.events);
        assertEquals(1, owner.counters.idleTimeouts.sum());
    }

    @Test
    void inboundAudioAndDtmfReachTheHandlerAndAudioKeepsTheCallAlive() {
        open();
        identify();
        for (int i = 0; i < 600; i++) { // 12 s of audio: past the idle timeout, still alive
            ch.writeInbound(frame(0x10, new byte[320]));
            tick(1);
        }
        ch.writeInbound(frame(0x03, new byte[] {'#'}));
        assertTrue(ch.isActive());
        assertEquals("dtmf:#", recorder.events.get(recorder.events.size() - 1));
        assertEquals("audio:8000:320", recorder.events.get(1));
    }

    @Test
    void dtmfAloneDoesNotKeepTheCallAlive() {
        open();
        identify();
        for (int i = 0; i < 499; i++) { // a digit every 100 ms for 9.98 s
            if (i % 5 == 0) {
                ch.writeInbound(frame(0x03, new byte[] {'5'}));
            }
            tick(1);
        }
        assertTrue(ch.isActive(), "not before the idle timeout");
        tick(3);
        assertFalse(ch.isOpen(), "digits are not audio: hung up at the idle timeout");
        assertEquals("end:idle-timeout", recorder.events.get(recorder.events.size() - 1));
        assertTrue(recorder.events.contains("dtmf:5"), "the digits still reached the handler");
        assertEquals(1, owner.counters.idleTimeouts.sum());
    }

    @Test
    void emptyAudioFramesDoNotKeepTheCallAliveEither() {
        open();
        identify();
        for (int i = 0; i < 499; i++) {
            ch.writeInbound(frame(0x10, new byte[0]));
            tick(1);
        }
        assertTrue(ch.isActive());
        tick(3);
        assertFalse(ch.isOpen());
        assertEquals(1, owner.counters.idleTimeouts.sum());
    }

    @Test
    void aCallIsHungUpAtItsMaxDurationWhateverItSends() {
        open(Map.of("max-duration", "3s"));
        identify();
        for (int i = 0; i < 149; i++) { // 2.98 s of audio
            ch.writeInbound(frame(0x10, new byte[320]));
            tick(1);
        }
        assertTrue(ch.isActive(), "not before the limit");
        ch.writeInbound(frame(0x10, new byte[320]));
        tick(1);
        List<int[]> out = drainOutbound();
        assertEquals(0x00, out.get(out.size() - 1)[0], "ends with the hangup frame");
        assertFalse(ch.isOpen());
        assertEquals("end:max-duration", recorder.events.get(recorder.events.size() - 1));
        assertEquals(1, owner.counters.maxDurations.sum());
        assertEquals(null, owner.counters.lastError(), "a long call is not an error");
    }

    @Test
    void noMaxDurationByDefault() {
        open();
        identify();
        for (int i = 0; i < 60 * 50; i++) { // a minute of audio
            ch.writeInbound(frame(0x10, new byte[320]));
            tick(1);
        }
        assertTrue(ch.isActive());
    }

    /** Marks the channel above (or back below) its high watermark, as a socket the peer does not read. */
    private void writable(boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
    }

    @Test
    void aPeerThatReadsNothingIsHungUpAtTheWriteStallTimeout() {
        open(Map.of("write-stall-timeout", "1s"));
        identify();
        tick(1);
        writable(false);
        for (int i = 0; i < 49; i++) {
            ch.writeInbound(frame(0x10, new byte[320])); // it still talks: not idle
            tick(1);
        }
        assertTrue(ch.isActive(), "not before the timeout");
        assertEquals(49, owner.counters.droppedOut.sum(), "every frame it did not read was dropped, counted live");
        ch.writeInbound(frame(0x10, new byte[320]));
        tick(2);
        assertFalse(ch.isOpen());
        assertEquals("end:write-stall", recorder.events.get(recorder.events.size() - 1));
        assertEquals(1, owner.counters.writeStalls.sum());
        assertEquals("write stall", owner.counters.lastError().message());
    }

    @Test
    void theWriteStallClockRestartsWhenThePeerReadsAgain() {
        open(Map.of("write-stall-timeout", "1s"));
        identify();
        for (int round = 0; round < 5; round++) {
            writable(false);
            for (int i = 0; i < 45; i++) { // 0.9 s unread
                ch.writeInbound(frame(0x10, new byte[320]));
                tick(1);
            }
            writable(true);
            ch.writeInbound(frame(0x10, new byte[320]));
            tick(1);
        }
        assertTrue(ch.isActive(), "a slow reader is not a stalled one");
        assertEquals(0, owner.counters.writeStalls.sum());
    }

    @Test
    void aWriteStallTimeoutOfZeroNeverHangsUp() {
        open(Map.of("write-stall-timeout", "0s"));
        identify();
        writable(false);
        for (int i = 0; i < 500; i++) {
            ch.writeInbound(frame(0x10, new byte[320]));
            tick(1);
        }
        assertTrue(ch.isActive());
        assertEquals(500, owner.counters.droppedOut.sum());
    }

    @Test
    void underrunsReachTheListenersCountersWhileTheCallIsUp() {
        open();
        identify();
        ch.writeInbound(frame(0x10, new byte[320]));
        ch.writeInbound(frame(0x10, new byte[320]));
        tick(4); // both play, then the echo runs dry
        ch.writeInbound(frame(0x10, new byte[320])); // back within the gap: an underrun
        tick(1);
        assertTrue(ch.isActive());
        assertEquals(1, owner.counters.underruns.sum(), "counted on the tick, not at the end of the call");
        call().hangup("done");
        assertEquals(1, owner.counters.underruns.sum(), "and not counted twice when it ends");
    }

    @Test
    void outboundRateFollowsTheCallersKind() {
        open();
        identify();
        byte[] wide = new byte[640];
        java.util.Arrays.fill(wide, (byte) 3);
        ch.writeInbound(frame(0x12, wide));
        ch.writeInbound(frame(0x12, wide));
        tick(3);
        List<int[]> out = drainOutbound();
        int[] last = out.get(out.size() - 1);
        assertEquals(AudioSocketKind.AUDIO_16K.byteValue(), (byte) last[0]);
        assertEquals(640, last[1]);
        assertTrue(out.stream().anyMatch(f -> f[2] == 3), "the echo played at 16 kHz");
    }

    @Test
    void theHandlerHearsOfEachFormatChangeOnceBeforeTheAudioInTheNewFormat() {
        open();
        identify();
        ch.writeInbound(frame(0x10, new byte[320]));
        ch.writeInbound(frame(0x12, new byte[640]));
        ch.writeInbound(frame(0x12, new byte[640]));
        tick(3);
        ch.writeInbound(frame(0x10, new byte[320]));
        tick(1);
        assertEquals(List.of("start", "audio:8000:320", "format:16000:640", "audio:16000:640", "audio:16000:640",
                "format:8000:320", "audio:8000:320"), recorder.events);
        assertEquals(AudioFormat.SLIN_8K, call().format());
    }

    @Test
    void aTransferEndsThePreviousLegAsTransferredAndTheCallGoesOn() {
        open();
        identify();
        Recorder next = new Recorder();
        call().transfer(next, "test");
        assertEquals(List.of("start", "end:transferred"), recorder.events);
        assertSame(next, call().handler());
        assertTrue(ch.isActive());
        ch.writeInbound(frame(0x10, new byte[320]));
        call().hangup("done");
        assertEquals(List.of("start", "audio:8000:320", "end:local-hangup"), next.events);
        assertEquals(List.of("start", "end:transferred"), recorder.events, "the first leg hears nothing after");
        assertEquals(1, owner.counters.calls.sum(), "still one call");
    }

    @Test
    void audioBeforeTheIdIsAProtocolError() {
        open();
        ch.writeInbound(frame(0x10, new byte[320]));
        List<int[]> out = drainOutbound();
        assertEquals(0x00, out.get(0)[0]);
        assertFalse(ch.isOpen());
        assertEquals(1, owner.counters.protocolErrors.sum());
        assertTrue(recorder.events.isEmpty(), "no call was started");
    }

    /** The relay's header kind is only for the relay port: on an extension's listener it is any stranger. */
    @Test
    void aRelayHeaderOnAnExtensionListenerIsAProtocolErrorBeforeOrAfterTheId() {
        open();
        ch.writeInbound(frame(0xf0, new byte[80]));
        assertEquals(0x00, drainOutbound().get(0)[0], "hangup frame");
        assertFalse(ch.isOpen());
        assertEquals(1, owner.counters.protocolErrors.sum());
        assertTrue(recorder.events.isEmpty(), "no call was started");
        ch.finishAndReleaseAll();

        open(Map.of()); // a fresh owner: its own counters
        identify();
        ch.writeInbound(frame(0xf0, new byte[80]));
        assertFalse(ch.isOpen());
        assertEquals(1, owner.counters.protocolErrors.sum());
        assertEquals(List.of("start", "end:protocol-error"), recorder.events);
    }

    @Test
    void callEndsExactlyOnceWhateverHappensAfter() {
        open();
        identify();
        ActiveCall s = call();
        s.hangup("test");
        s.hangup("again");
        ch.runPendingTasks();
        ch.close();
        assertEquals(List.of("start", "end:local-hangup"), recorder.events);
        assertEquals(0, owner.registered);
    }

    @Test
    void remoteCloseEndsTheCall() {
        open();
        identify();
        ch.close();
        assertEquals(List.of("start", "end:remote-hangup"), recorder.events);
        assertEquals(1, owner.counters.calls.sum());
    }
}
