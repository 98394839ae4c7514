package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.audio.Tone;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AI caller's stamp survives the Twilio wire's mu-law, both ways, and nothing else reads as one. */
class VoiceStampTest {

    /** To the agent as mu-law and back as slin, then the same for the reply: what the caller hears. */
    private static byte[] twiceThroughMuLaw(byte[] slin) {
        byte[] s = slin;
        for (int pass = 0; pass < 2; pass++) {
            byte[] mu = new byte[s.length / 2];
            G711.muLawEncode(s, 0, mu, 0, mu.length);
            byte[] back = new byte[s.length];
            G711.muLawDecode(mu, 0, back, 0, mu.length);
            s = back;
        }
        return s;
    }

    private static byte[] voicedFrame(int call, int turn, int frame) {
        byte[] f = new byte[AudioFormat.SLIN_8K.frameBytes()];
        new Tone(AudioFormat.SLIN_8K, 430, 0.25).fillFrame(f, 0);
        VoiceStamp.write(f, 0, call, turn, frame);
        return f;
    }

    @Test
    void everyLevelSurvivesMuLaw() {
        for (int v = 0; v < 16; v++) {
            byte[] f = new byte[2];
            f[0] = (byte) VoiceStamp.level(v);
            f[1] = (byte) (VoiceStamp.level(v) >> 8);
            byte[] back = twiceThroughMuLaw(f);
            int s = (short) ((back[0] & 0xFF) | (back[1] << 8));
            assertTrue(Math.abs(s - VoiceStamp.level(v)) <= 256, "level " + v + " came back as " + s);
        }
    }

    @Test
    void stampsReadBackAfterMuLawBothWays() {
        Random r = new Random(16);
        int[][] cases = {{0, 0, 0}, {VoiceStamp.MAX_CALL, VoiceStamp.MAX_TURN, VoiceStamp.MAX_FRAME}, {199, 3, 49}};
        for (int[] c : cases) {
            long s = VoiceStamp.read(twiceThroughMuLaw(voicedFrame(c[0], c[1], c[2])),
                    AudioFormat.SLIN_8K.frameBytes());
            assertEquals(c[0], VoiceStamp.call(s));
            assertEquals(c[1], VoiceStamp.turn(s));
            assertEquals(c[2], VoiceStamp.frame(s));
        }
        for (int i = 0; i < 2000; i++) {
            int call = r.nextInt(VoiceStamp.MAX_CALL + 1);
            int turn = r.nextInt(VoiceStamp.MAX_TURN + 1);
            int frame = r.nextInt(VoiceStamp.MAX_FRAME + 1);
            long s = VoiceStamp.read(twiceThroughMuLaw(voicedFrame(call, turn, frame)), 320);
            assertEquals((long) call << 20 | (long) turn << 8 | frame, s);
        }
    }

    @Test
    void theByteBufWriterWritesTheSameStamp() {
        ByteBuf b = Unpooled.buffer(323).writeZero(323);
        VoiceStamp.write(b, 3, 77, 5, 12);
        byte[] head = new byte[VoiceStamp.BYTES];
        b.getBytes(3, head);
        b.release();
        assertEquals(77L << 20 | 5L << 8 | 12, VoiceStamp.read(head, head.length));
    }

    @Test
    void silenceTonesBeepsAndNoiseAreNoStamp() {
        int n = AudioFormat.SLIN_8K.frameBytes();
        assertEquals(-1, VoiceStamp.read(new byte[n], n));
        assertFalse(VoiceStamp.voiced(new byte[n], n));
        byte[] beep = Tone.beep(AudioFormat.SLIN_8K, 523, 0.3, Duration.ofMillis(150));
        for (int off = 0; off + n <= beep.length; off += n) {
            byte[] f = java.util.Arrays.copyOfRange(beep, off, off + n);
            assertEquals(-1, VoiceStamp.read(twiceThroughMuLaw(f), n));
            assertTrue(VoiceStamp.voiced(f, n));
        }
        Random r = new Random(7);
        byte[] noise = new byte[n];
        for (int i = 0; i < 20_000; i++) {
            r.nextBytes(noise);
            assertEquals(-1, VoiceStamp.read(noise, n), "noise read as a stamp");
        }
        byte[] f = voicedFrame(5, 1, 2);
        int s9 = (short) ((f[18] & 0xFF) | (f[19] << 8)) + 2048; // one nibble of the turn one level up: the check fails
        f[18] = (byte) s9;
        f[19] = (byte) (s9 >> 8);
        assertEquals(-1, VoiceStamp.read(f, n));
        assertEquals(-1, VoiceStamp.read(voicedFrame(1, 1, 1), VoiceStamp.BYTES - 1), "too short to hold a stamp");
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> voicedFrame(VoiceStamp.MAX_CALL + 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> voicedFrame(0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> voicedFrame(0, 0, VoiceStamp.MAX_FRAME + 1));
    }
}
