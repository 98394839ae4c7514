package io.ramal.gateway.prompt;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Wav;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A clip comes in whole frames at every rate, converted once per rate; the fallback tone lasts 1.05 s. */
class ClipTest {

    @Test
    void aClipIsPaddedToWholeFramesAndConvertedOncePerRate() {
        byte[] pcm = new byte[AudioFormat.SLIN_8K.frameBytes() * 2 + 10];
        java.util.Arrays.fill(pcm, (byte) 1);
        Clip c = new Clip(new Wav.Audio(8000, pcm));
        byte[] narrow = c.at(AudioFormat.SLIN_8K);
        assertEquals(3 * AudioFormat.SLIN_8K.frameBytes(), narrow.length, "padded up to the third frame");
        assertEquals(0, narrow[narrow.length - 1], "the padding is silence");
        assertSame(narrow, c.at(AudioFormat.SLIN_8K));
        byte[] wide = c.at(AudioFormat.SLIN_16K);
        assertEquals(0, wide.length % AudioFormat.SLIN_16K.frameBytes());
        assertEquals(wide.length, c.silenceAt(AudioFormat.SLIN_16K).length);
    }

    @Test
    void theFallbackToneLastsOnePointZeroFiveSecondsAtEveryRate() {
        for (AudioFormat f : new AudioFormat[] {AudioFormat.SLIN_8K, AudioFormat.SLIN_16K, AudioFormat.SLIN_48K}) {
            byte[] tone = Tones.fallback(f);
            assertEquals(f.sampleRate() * 2 * 1050 / 1000, tone.length, f + " lasts 1.05 s");
            assertTrue(tone[f.frameBytes()] != 0 || tone[f.frameBytes() + 1] != 0, "the first beep sounds");
        }
    }
}
