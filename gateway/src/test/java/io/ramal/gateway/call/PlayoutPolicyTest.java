package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buffer each handler gets: its capacity, and a latency limit only for live talkers. */
class PlayoutPolicyTest {

    private static CallHandler handler(boolean live) {
        return new CallHandler() {
            @Override
            public void onStart(CallContext call) {
            }

            @Override
            public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
            }

            @Override
            public int playoutCapacityFrames(CallSettings s) {
                return live ? s.livePlayoutCapacityFrames() : s.playoutCapacityFrames();
            }
        };
    }

    /** Plays {@code ticks} ticks with one frame in and one out, starting from {@code queued} frames. */
    private static void steady(PlayoutBuffer b, int queued, int ticks) {
        byte[] frame = new byte[b.frameBytes()];
        for (int i = 0; i < queued; i++) {
            b.write(frame, 0, frame.length);
        }
        byte[] out = new byte[b.frameBytes()];
        for (int t = 0; t < ticks; t++) {
            b.write(frame, 0, frame.length);
            b.read(out, 0);
        }
    }

    private final CallSettings settings = CallSettings.DEFAULTS;
    private final PlayoutPolicy policy = new PlayoutPolicy(settings);

    @Test
    void aLiveTalkerGetsTheLiveCapacityAndItsStandingExcessIsTrimmed() {
        PlayoutBuffer b = policy.newBuffer(AudioFormat.SLIN_16K, handler(true));
        assertEquals(settings.livePlayoutCapacityFrames(), b.capacityFrames());
        assertEquals(AudioFormat.SLIN_16K.frameBytes(), b.frameBytes());
        steady(b, 8, PlayoutPolicy.LIVE_LATENCY_WINDOW_TICKS + 10);
        assertTrue(b.overflows() > 0, "the excess over the start threshold was dropped");
        assertTrue(b.queuedFrames() <= settings.playoutStartFrames() + 1, "queued: " + b.queuedFrames());
    }

    @Test
    void aLiveCallsFirstBurstIsKeptPastTheCapacity() {
        PlayoutBuffer b = policy.newBuffer(AudioFormat.SLIN_8K, handler(true));
        byte[] frame = new byte[b.frameBytes()];
        for (int i = 0; i < 14; i++) {
            b.write(frame, 0, frame.length); // what Asterisk queued before the leg was up
        }
        assertEquals(14, b.queuedFrames(), "capacity " + b.capacityFrames());
        assertEquals(0, b.overflows());
        for (int i = 0; i < PlayoutPolicy.LIVE_FIRST_BURST_FRAMES; i++) {
            b.write(frame, 0, frame.length);
        }
        assertEquals(PlayoutPolicy.LIVE_FIRST_BURST_FRAMES, b.queuedFrames(), "but not without bound");
    }

    @Test
    void aBurstyProducerGetsTheLongCapacityAndNothingIsTrimmed() {
        PlayoutBuffer b = policy.newBuffer(AudioFormat.SLIN_8K, handler(false));
        assertEquals(settings.playoutCapacityFrames(), b.capacityFrames());
        steady(b, 100, PlayoutPolicy.LIVE_LATENCY_WINDOW_TICKS * 4);
        assertEquals(0, b.overflows(), "late rather than not at all");
        assertEquals(100, b.queuedFrames());
    }

    @Test
    void fitsSaysWhetherAHandlerNeedsAnotherBuffer() {
        PlayoutBuffer live = policy.newBuffer(AudioFormat.SLIN_8K, handler(true));
        assertTrue(policy.fits(live, handler(true)));
        assertFalse(policy.fits(live, handler(false)));
    }

    @Test
    void silenceOnIdleTicksFollowsTheSetting() {
        assertTrue(policy.silenceWhenIdle());
        assertFalse(new PlayoutPolicy(CallSettings.from(Map.of("silence-when-idle", false))).silenceWhenIdle());
    }
}
