package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Mode;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.GoodCall;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Audio leaves at real-time pace whatever the producer does: the cure for choppy audio. */
class PacingIT {

    /** Queues 100 frames of non-silent audio the moment the call starts, as an AI burst would. */
    static final class BurstHandler implements CallHandler {
        @Override
        public void onStart(CallContext call) {
            byte[] burst = new byte[100 * AudioFormat.SLIN_8K.frameBytes()];
            for (int i = 0; i < burst.length; i++) {
                burst[i] = (byte) (1 + (i % 100));
            }
            call.play(burst, 0, burst.length);
        }

        @Override
        public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
        }
    }

    @Test
    void hundredFramesQueuedAtOnceLeaveNoFasterThanRealTime() throws Exception {
        Handlers h = new Handlers().register(Mode.ECHO, c -> new BurstHandler());
        try (TestGateway gw = new TestGateway(h, CallSettings.from(Map.of("idle-timeout", "0")))) {
            NettyListener l = gw.bindEcho("9000");
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l))) {
                c.sendId(UUID.randomUUID());
                List<Long> arrivals = new ArrayList<>();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (arrivals.size() < 100 && System.nanoTime() < deadline) {
                    AudioSocketClient.Frame f = c.poll(Duration.ofSeconds(1));
                    if (f != null && f.isAudio() && !f.isSilence()) {
                        assertEquals(AudioSocketKind.AUDIO_8K.byteValue(), (byte) f.kind());
                        assertEquals(320, f.payload().length);
                        arrivals.add(f.arrivalNanos());
                    }
                }
                assertEquals(100, arrivals.size(), "all 100 frames arrive");
                long t0 = arrivals.get(0);
                double[] gaps = new double[99];
                for (int i = 1; i < 100; i++) {
                    double sinceFirst = (arrivals.get(i) - t0) / 1e6;
                    // Never ahead of the real-time schedule by more than two frames of jitter.
                    assertTrue(sinceFirst >= i * 20.0 - 40.0,
                            "frame " + i + " arrived " + sinceFirst + " ms after the first: a burst");
                    gaps[i - 1] = (arrivals.get(i) - arrivals.get(i - 1)) / 1e6;
                }
                double span = (arrivals.get(99) - t0) / 1e6;
                assertTrue(span >= 99 * 20 - 40 && span <= 99 * 20 + 400, "100 frames span ~1980 ms, was " + span);
                java.util.Arrays.sort(gaps);
                double median = gaps[49];
                assertTrue(median > 15 && median < 25, "median spacing about 20 ms, was " + median);
            }
        }
    }

    @Test
    void echoLineReturnsEveryFrameAtTheCallersRate() throws Exception {
        try (TestGateway gw = TestGateway.echo(); LogCapture calls = GoodCall.calls()) {
            NettyListener l = gw.bindEcho("9000");
            for (AudioFormat format : new AudioFormat[] {AudioFormat.SLIN_8K, AudioFormat.SLIN_16K}) {
                byte[] audio = noise(format, 1500);
                CallRunner.Result r = CallRunner.run(new CallRunner.Plan(
                        new InetSocketAddress("127.0.0.1", TestGateway.port(l)), UUID.randomUUID(), format, audio,
                        Duration.ofMillis(1500), Map.of(), Duration.ofMillis(300)));
                assertEquals(75, r.audioFramesSent());
                GoodCall.assertWhole(r, calls);
                assertTrue(r.gapP50Ms() > 15 && r.gapP50Ms() < 25, r.summary());
            }
        }
    }

    /** Deterministic non-silent audio whose 20 ms frames all differ. */
    static byte[] noise(AudioFormat format, int millis) {
        byte[] b = new byte[format.frameBytes() * millis / 20];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < b.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) (x | 1);
        }
        return b;
    }
}
