package io.ramal.gateway.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test phone's tone detector tells its frequencies apart, and silence from either. */
class TonePhoneTest {

    private static byte[] tone(int hz, int amplitude) {
        byte[] b = new byte[320];
        for (int i = 0; i < 160; i++) {
            short s = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (i + 37) / 8000.0));
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    @Test
    void aToneIsHeardAtItsOwnFrequencyOnly() {
        assertTrue(TonePhone.share(tone(600, 8000), 600) > 0.95);
        assertTrue(TonePhone.share(tone(600, 8000), 700) < 0.05);
        assertTrue(TonePhone.share(tone(1800, 300), 1800) > 0.95, "quiet but clear");
        assertTrue(TonePhone.share(new byte[320], 600) == 0, "silence");
    }
}
