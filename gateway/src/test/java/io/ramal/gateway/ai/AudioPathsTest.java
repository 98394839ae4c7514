package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.audio.PlayoutBuffer;
import io.ramal.audio.Tone;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-framing and format conversion between the caller and the agent. */
class AudioPathsTest {

    private static byte[] tone(AudioFormat f, int millis) {
        return Tone.sine(f, 440, 0.5, Duration.ofMillis(millis));
    }

    @Test
    void callerAudioInOddSizedFramesLeavesAsExact20msMuLaw() {
        CallerUplink up = new CallerUplink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, true);
        byte[] audio = tone(AudioFormat.SLIN_8K, 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        int[] chunks = {100, 222, 320, 2, 640, 58};
        int off = 0;
        for (int i = 0; off < audio.length; i++) {
            int n = Math.min(chunks[i % chunks.length], audio.length - off);
            up.accept(audio, off, n, f -> {
                sizes.add(f.length);
                out.writeBytes(f);
            });
            off += n;
        }
        assertEquals(50, sizes.size());
        assertTrue(sizes.stream().allMatch(s -> s == 160), sizes.toString());
        assertEquals(50, up.frames());
        assertEquals(1000, up.millis());
        byte[] expected = new byte[audio.length / 2];
        G711.muLawEncode(audio, 0, expected, 0, expected.length);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void a16kHzCallIsResampledTo8kHzForTwilio() {
        CallerUplink up = new CallerUplink(AudioFormat.SLIN_16K, AudioFormat.SLIN_8K, true);
        byte[] audio = tone(AudioFormat.SLIN_16K, 200);
        List<Integer> sizes = new ArrayList<>();
        for (int off = 0; off < audio.length; off += 640) {
            up.accept(audio, off, 640, f -> sizes.add(f.length));
        }
        assertEquals(List.of(160, 160, 160, 160, 160, 160, 160, 160, 160, 160), sizes);
    }

    @Test
    void rawUplinkHandsOutSlinFramesAtTheAgentsRate() {
        CallerUplink up = new CallerUplink(AudioFormat.SLIN_8K, AudioFormat.SLIN_24K, false);
        List<Integer> sizes = new ArrayList<>();
        byte[] audio = tone(AudioFormat.SLIN_8K, 100);
        for (int off = 0; off < audio.length; off += 320) {
            up.accept(audio, off, 320, f -> sizes.add(f.length));
        }
        assertEquals(List.of(960, 960, 960, 960, 960), sizes);
    }

    @Test
    void agentMuLawOfAnyChunkSizeIsReframedTo20ms() {
        PlayoutBuffer playout = PlayoutBuffer.of(AudioFormat.SLIN_8K, 500, 1, 0);
        AgentDownlink down = new AgentDownlink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, true);
        byte[] mulaw = new byte[8000]; // one second
        Arrays.fill(mulaw, (byte) 0x10);
        down.accept(mulaw, 0, 999, playout);
        down.accept(mulaw, 999, 8000 - 999, playout);
        assertEquals(50, playout.queuedFrames());
        assertEquals(1000, down.millis());
        byte[] frame = new byte[320];
        playout.read(frame, 0);
        short expected = G711.muLawDecode(0x10);
        assertEquals(expected, (short) ((frame[0] & 0xFF) | (frame[1] << 8)));
    }

    @Test
    void rawAudioSplitAtAnOddByteIsTheSameAsWhole() {
        byte[] audio = tone(AudioFormat.SLIN_8K, 500);
        PlayoutBuffer whole = PlayoutBuffer.of(AudioFormat.SLIN_8K, 500, 1, 0);
        PlayoutBuffer split = PlayoutBuffer.of(AudioFormat.SLIN_8K, 500, 1, 0);
        new AgentDownlink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, false).accept(audio, 0, audio.length, whole);
        AgentDownlink d = new AgentDownlink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, false);
        ByteBuf a = Unpooled.wrappedBuffer(audio, 0, 1001);
        ByteBuf b = Unpooled.wrappedBuffer(audio, 1001, audio.length - 1001);
        d.accept(a, split);
        d.accept(b, split);
        assertEquals(0, a.readerIndex(), "not consumed");
        a.release();
        b.release();
        assertEquals(25, whole.queuedFrames());
        assertEquals(25, split.queuedFrames());
        byte[] f1 = new byte[320];
        byte[] f2 = new byte[320];
        for (int i = 0; i < 25; i++) {
            whole.read(f1, 0);
            split.read(f2, 0);
            assertArrayEquals(f1, f2, "frame " + i);
        }
    }

    @Test
    void agentAudioAt24kHzBecomesExactFramesOfAn8kHzCall() {
        PlayoutBuffer playout = PlayoutBuffer.of(AudioFormat.SLIN_8K, 500, 1, 0);
        AgentDownlink down = new AgentDownlink(AudioFormat.SLIN_24K, AudioFormat.SLIN_8K, false);
        byte[] audio = tone(AudioFormat.SLIN_24K, 3000); // 144000 bytes, more than one block
        down.accept(audio, 0, audio.length, playout);
        assertEquals(150, playout.queuedFrames());
        byte[] frame = new byte[320];
        playout.read(frame, 0);
        playout.read(frame, 0);
        double dbfs = io.ramal.audio.EnergyDetector.dbfs(frame, 0, frame.length);
        assertTrue(dbfs > -10 && dbfs < -5, "a 440 Hz sine at half scale survives (about -9 dBFS): " + dbfs);
    }
}
