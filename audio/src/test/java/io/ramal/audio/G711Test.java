package io.ramal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {

    // The decode tables as published with the CCITT/Sun reference code (and reproduced in many
    // codecs since), written out here so the test does not share a formula with the code.
    private static final short[] MU_LAW_REFERENCE = {
        -32124, -31100, -30076, -29052, -28028, -27004, -25980, -24956,
        -23932, -22908, -21884, -20860, -19836, -18812, -17788, -16764,
        -15996, -15484, -14972, -14460, -13948, -13436, -12924, -12412,
        -11900, -11388, -10876, -10364, -9852, -9340, -8828, -8316,
        -7932, -7676, -7420, -7164, -6908, -6652, -6396, -6140,
        -5884, -5628, -5372, -5116, -4860, -4604, -4348, -4092,
        -3900, -3772, -3644, -3516, -3388, -3260, -3132, -3004,
        -2876, -2748, -2620, -2492, -2364, -2236, -2108, -1980,
        -1884, -1820, -1756, -1692, -1628, -1564, -1500, -1436,
        -1372, -1308, -1244, -1180, -1116, -1052, -988, -924,
        -876, -844, -812, -780, -748, -716, -684, -652,
        -620, -588, -556, -524, -492, -460, -428, -396,
        -372, -356, -340, -324, -308, -292, -276, -260,
        -244, -228, -212, -196, -180, -164, -148, -132,
        -120, -112, -104, -96, -88, -80, -72, -64,
        -56, -48, -40, -32, -24, -16, -8, 0,
        32124, 31100, 30076, 29052, 28028, 27004, 25980, 24956,
        23932, 22908, 21884, 20860, 19836, 18812, 17788, 16764,
        15996, 15484, 14972, 14460, 13948, 13436, 12924, 12412,
        11900, 11388, 10876, 10364, 9852, 9340, 8828, 8316,
        7932, 7676, 7420, 7164, 6908, 6652, 6396, 6140,
        5884, 5628, 5372, 5116, 4860, 4604, 4348, 4092,
        3900, 3772, 3644, 3516, 3388, 3260, 3132, 3004,
        2876, 2748, 2620, 2492, 2364, 2236, 2108, 1980,
        1884, 1820, 1756, 1692, 1628, 1564, 1500, 1436,
        1372, 1308, 1244, 1180, 1116, 1052, 988, 924,
        876, 844, 812, 780, 748, 716, 684, 652,
        620, 588, 556, 524, 492, 460, 428, 396,
        372, 356, 340, 324, 308, 292, 276, 260,
        244, 228, 212, 196, 180, 164, 148, 132,
        120, 112, 104, 96, 88, 80, 72, 64,
        56, 48, 40, 32, 24, 16, 8, 0,
    };

    private static final short[] A_LAW_REFERENCE = {
        -5504, -5248, -6016, -5760, -4480, -4224, -4992, -4736,
        -7552, -7296, -8064, -7808, -6528, -6272, -7040, -6784,
        -2752, -2624, -3008, -2880, -2240, -2112, -2496, -2368,
        -3776, -3648, -4032, -3904, -3264, -3136, -3520, -3392,
        -22016, -20992, -24064, -23040, -17920, -16896, -19968, -18944,
        -30208, -29184, -32256, -31232, -26112, -25088, -28160, -27136,
        -11008, -10496, -12032, -11520, -8960, -8448, -9984, -9472,
        -15104, -14592, -16128, -15616, -13056, -12544, -14080, -13568,
        -344, -328, -376, -360, -280, -264, -312, -296,
        -472, -456, -504, -488, -408, -392, -440, -424,
        -88, -72, -120, -104, -24, -8, -56, -40,
        -216, -200, -248, -232, -152, -136, -184, -168,
        -1376, -1312, -1504, -1440, -1120, -1056, -1248, -1184,
        -1888, -1824, -2016, -1952, -1632, -1568, -1760, -1696,
        -688, -656, -752, -720, -560, -528, -624, -592,
        -944, -912, -1008, -976, -816, -784, -880, -848,
        5504, 5248, 6016, 5760, 4480, 4224, 4992, 4736,
        7552, 7296, 8064, 7808, 6528, 6272, 7040, 6784,
        2752, 2624, 3008, 2880, 2240, 2112, 2496, 2368,
        3776, 3648, 4032, 3904, 3264, 3136, 3520, 3392,
        22016, 20992, 24064, 23040, 17920, 16896, 19968, 18944,
        30208, 29184, 32256, 31232, 26112, 25088, 28160, 27136,
        11008, 10496, 12032, 11520, 8960, 8448, 9984, 9472,
        15104, 14592, 16128, 15616, 13056, 12544, 14080, 13568,
        344, 328, 376, 360, 280, 264, 312, 296,
        472, 456, 504, 488, 408, 392, 440, 424,
        88, 72, 120, 104, 24, 8, 56, 40,
        216, 200, 248, 232, 152, 136, 184, 168,
        1376, 1312, 1504, 1440, 1120, 1056, 1248, 1184,
        1888, 1824, 2016, 1952, 1632, 1568, 1760, 1696,
        688, 656, 752, 720, 560, 528, 624, 592,
        944, 912, 1008, 976, 816, 784, 880, 848,
    };

    @Test
    void muLawDecodeMatchesReferenceTableForAllCodes() {
        for (int code = 0; code < 256; code++) {
            assertEquals(MU_LAW_REFERENCE[code], G711.muLawDecode(code), "code 0x" + Integer.toHexString(code));
        }
        assertEquals(-32124, G711.muLawDecode(0x00));
        assertEquals(32124, G711.muLawDecode(0x80));
        assertEquals(0, G711.muLawDecode(0xFF));
        assertEquals(0, G711.muLawDecode(0x7F));
    }

    @Test
    void aLawDecodeMatchesReferenceTableForAllCodes() {
        for (int code = 0; code < 256; code++) {
            assertEquals(A_LAW_REFERENCE[code], G711.aLawDecode(code), "code 0x" + Integer.toHexString(code));
        }
        assertEquals(8, G711.aLawDecode(0xD5));
        assertEquals(-8, G711.aLawDecode(0x55));
        assertEquals(-32256, G711.aLawDecode(0x2A));
        assertEquals(32256, G711.aLawDecode(0xAA));
    }

    @Test
    void muLawRoundTripIsBitExactForAllCodesButNegativeZero() {
        for (int code = 0; code < 256; code++) {
            int expected = code == 0x7F ? 0xFF : code; // -0 decodes to 0, which encodes as +0
            assertEquals(expected, G711.muLawEncode(G711.muLawDecode(code)), "code 0x" + Integer.toHexString(code));
        }
    }

    @Test
    void aLawRoundTripIsBitExactForAllCodes() {
        for (int code = 0; code < 256; code++) {
            assertEquals(code, G711.aLawEncode(G711.aLawDecode(code)), "code 0x" + Integer.toHexString(code));
        }
    }

    @Test
    void muLawEncodeMatchesG191ReferenceForEverySample() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            assertEquals(g191UlawCompress((short) s), G711.muLawEncode((short) s), "sample " + s);
        }
    }

    @Test
    void aLawEncodeMatchesG191ReferenceForEverySample() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            assertEquals(g191AlawCompress((short) s), G711.aLawEncode((short) s), "sample " + s);
        }
    }

    @Test
    void muLawEncodeBoundariesFallWhereG711PutsThem() {
        // Zero and the smallest magnitudes: G.191 takes the one's complement of negatives.
        assertEquals(0xFF, G711.muLawEncode((short) 0));
        assertEquals(0xFF, G711.muLawEncode((short) 3));
        assertEquals(0xFE, G711.muLawEncode((short) 4));
        assertEquals(0x7F, G711.muLawEncode((short) -1));
        assertEquals(0x7F, G711.muLawEncode((short) -4));
        assertEquals(0x7E, G711.muLawEncode((short) -5));
        // First segment edge: decision value 31 of the 14-bit scale is 124 here.
        assertEquals(0xF0, G711.muLawEncode((short) 123));
        assertEquals(0xEF, G711.muLawEncode((short) 124));
        // Clipping at both ends of the 16-bit range.
        assertEquals(0x80, G711.muLawEncode(Short.MAX_VALUE));
        assertEquals(0x80, G711.muLawEncode((short) 32124));
        assertEquals(0x00, G711.muLawEncode(Short.MIN_VALUE));
    }

    @Test
    void aLawEncodeBoundariesFallWhereG711PutsThem() {
        assertEquals(0xD5, G711.aLawEncode((short) 0));
        assertEquals(0xD5, G711.aLawEncode((short) 15));
        assertEquals(0xD4, G711.aLawEncode((short) 16));
        assertEquals(0x55, G711.aLawEncode((short) -1));
        assertEquals(0x55, G711.aLawEncode((short) -16));
        assertEquals(0x54, G711.aLawEncode((short) -17));
        // Segment 0 ends at 255, segment 1 starts at 256 (32 of the 13-bit scale).
        assertEquals(0xDA, G711.aLawEncode((short) 255));
        assertEquals(0xC5, G711.aLawEncode((short) 256));
        assertEquals(0xAA, G711.aLawEncode(Short.MAX_VALUE));
        assertEquals(0x2A, G711.aLawEncode(Short.MIN_VALUE));
    }

    @Test
    void encodingIsMonotonicInTheDecodedValue() {
        int prevMu = Integer.MIN_VALUE;
        int prevA = Integer.MIN_VALUE;
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            int mu = G711.muLawDecode(G711.muLawEncode((short) s));
            int a = G711.aLawDecode(G711.aLawEncode((short) s));
            assertTrue(mu >= prevMu, "mu-law not monotonic at " + s);
            assertTrue(a >= prevA, "A-law not monotonic at " + s);
            prevMu = mu;
            prevA = a;
        }
    }

    @Test
    void bulkFormsMatchPerSampleFormsAtOffsets() {
        byte[] codes = new byte[256 + 3];
        for (int c = 0; c < 256; c++) {
            codes[3 + c] = (byte) c;
        }
        byte[] mu = new byte[5 + 512];
        byte[] a = new byte[5 + 512];
        G711.muLawDecode(codes, 3, mu, 5, 256);
        G711.aLawDecode(codes, 3, a, 5, 256);
        for (int c = 0; c < 256; c++) {
            assertEquals(G711.muLawDecode(c), (short) ((mu[5 + 2 * c] & 0xFF) | (mu[6 + 2 * c] << 8)));
            assertEquals(G711.aLawDecode(c), (short) ((a[5 + 2 * c] & 0xFF) | (a[6 + 2 * c] << 8)));
        }
        assertEquals(0, mu[0], "nothing written before the offset");

        byte[] muBack = new byte[256 + 7];
        byte[] aBack = new byte[256 + 7];
        G711.muLawEncode(mu, 5, muBack, 7, 256);
        G711.aLawEncode(a, 5, aBack, 7, 256);
        byte[] expectedMu = new byte[256 + 7];
        byte[] expectedA = new byte[256 + 7];
        for (int c = 0; c < 256; c++) {
            expectedMu[7 + c] = (byte) (c == 0x7F ? 0xFF : c);
            expectedA[7 + c] = (byte) c;
        }
        assertArrayEquals(expectedMu, muBack);
        assertArrayEquals(expectedA, aBack);
    }

    @Test
    void bulkFormsRefuseRangesPastTheArrays() {
        byte[] codes = new byte[160];
        byte[] slin = new byte[320];
        assertThrows(IndexOutOfBoundsException.class, () -> G711.muLawDecode(codes, 1, slin, 0, 160));
        assertThrows(IndexOutOfBoundsException.class, () -> G711.aLawDecode(codes, 0, slin, 2, 160));
        assertThrows(IndexOutOfBoundsException.class, () -> G711.muLawEncode(slin, 2, codes, 0, 160));
        assertThrows(IndexOutOfBoundsException.class, () -> G711.aLawEncode(slin, 0, codes, 1, 160));
        assertThrows(IndexOutOfBoundsException.class, () -> G711.aLawEncode(slin, 0, codes, 0, -1));
    }

    // Literal transcriptions of ITU-T G.191 g711.c (loops and all), for one 16-bit sample.

    private static int g191UlawCompress(short x) {
        int absno = x < 0 ? ((~x) >> 2) + 33 : (x >> 2) + 33;
        if (absno > 0x1FFF) {
            absno = 0x1FFF;
        }
        int i = absno >> 6;
        int segno = 1;
        while (i != 0) {
            segno++;
            i >>= 1;
        }
        int high = 0x0008 - segno;
        int low = 0x000F - ((absno >> segno) & 0x000F);
        int out = (high << 4) | low;
        return x >= 0 ? out | 0x80 : out;
    }

    private static int g191AlawCompress(short x) {
        int ix = x < 0 ? (~x) >> 4 : x >> 4;
        if (ix > 15) {
            int iexp = 1;
            while (ix > 16 + 15) {
                ix >>= 1;
                iexp++;
            }
            ix -= 16;
            ix += iexp << 4;
        }
        if (x >= 0) {
            ix |= 0x80;
        }
        return ix ^ 0x55;
    }
}
