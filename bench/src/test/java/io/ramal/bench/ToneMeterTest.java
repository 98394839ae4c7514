package io.ramal.bench;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The queue legs' tones are told apart from one 20 ms frame, after the stamp. */
class ToneMeterTest {

    private final ToneMeter meter = new ToneMeter(8000, QueueLoad.FREQUENCIES, (320 - Stamp.BYTES) / 2);

    @Test
    void eachLegsToneIsTheStrongestInItsFrames() {
        for (int f = 0; f < QueueLoad.FREQUENCIES.length; f++) {
            Tone tone = new Tone(AudioFormat.SLIN_8K, QueueLoad.FREQUENCIES[f], 0.1);
            byte[] frame = new byte[320];
            for (int k = 0; k < 5; k++) { // any phase: consecutive frames of a continuous tone
                tone.fillFrame(frame, 0);
                Stamp.write(frame, 0, 1, k, 123L);
                assertEquals(f, meter.strongest(frame, Stamp.BYTES), QueueLoad.FREQUENCIES[f] + " Hz, frame " + k);
            }
        }
    }

    @Test
    void aLouderToneWinsOverAQuieterOne() {
        byte[] a = new byte[320];
        byte[] b = new byte[320];
        new Tone(AudioFormat.SLIN_8K, 900, 0.05).fillFrame(a, 0);
        new Tone(AudioFormat.SLIN_8K, 1100, 0.2).fillFrame(b, 0);
        byte[] mix = new byte[320];
        for (int i = 0; i < 320; i += 2) {
            int s = (short) ((a[i] & 0xFF) | (a[i + 1] << 8)) + (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
            mix[i] = (byte) s;
            mix[i + 1] = (byte) (s >> 8);
        }
        assertEquals(5, meter.strongest(mix, Stamp.BYTES), "1100 Hz, the attendants' second tone");
        assertEquals(-1, meter.strongest(new byte[320], Stamp.BYTES), "digital silence has no tone");
    }

    @Test
    void partnersAreOnTheOtherSide() {
        assertEquals(4, QueueLoad.frequencyOf(0), "attendant of pair 0: 700 Hz");
        assertEquals(0, QueueLoad.frequencyOf(1), "caller of pair 0: 500 Hz");
        assertEquals(1, QueueLoad.frequencyOf(3), "caller of pair 1: 900 Hz");
        assertEquals(4, QueueLoad.frequencyOf(8), "attendant of pair 4: 700 Hz again");
    }
}
