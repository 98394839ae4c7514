package io.ramal.gateway.prompt;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;

import java.time.Duration;

/**
 * Prompts made rather than recorded: what plays when no recording is named or the named one
 * cannot be read. Built from {@link Tone} beeps; the player flushes the last partial frame.
 */
public final class Tones {

    private Tones() {
    }

    /**
     * The AI fallback's default prompt: three falling beeps (880, 660, 440 Hz), 250 ms each with
     * 100 ms after each, 1.05 s in all.
     */
    public static byte[] fallback(AudioFormat format) {
        double[] hz = {880, 660, 440};
        int beep = format.sampleRate() / 4 * 2;       // 250 ms
        int gap = format.sampleRate() / 10 * 2;       // 100 ms
        byte[] out = new byte[hz.length * (beep + gap)];
        for (int i = 0; i < hz.length; i++) {
            byte[] b = Tone.beep(format, hz[i], 0.3, Duration.ofMillis(250));
            System.arraycopy(b, 0, out, i * (beep + gap), Math.min(b.length, beep));
        }
        return out;
    }
}
