package io.ramal.audio;

/**
 * G.711 mu-law and A-law, bit-exact with the ITU-T G.191 reference implementation
 * ({@code g711.c}): 16-bit linear samples are companded to 8-bit codes and back. Decoding is a
 * 256-entry table; encoding is a table indexed by the sample's top 14 (mu-law) or 12 (A-law)
 * bits, which are the only bits the reference looks at. The bulk forms read and write caller
 * arrays at given offsets and allocate nothing, so a handler can transcode every frame of a call
 * on its event loop.
 *
 * <p>Linear audio is slin: signed 16-bit little-endian. Mu-law has two codes for zero, {@code
 * 0xFF} (+0) and {@code 0x7F} (-0); both decode to 0 and 0 encodes to {@code 0xFF}, so {@code
 * 0x7F} is the one code that does not survive a decode-encode round trip.
 */
public final class G711 {

    private static final short[] MU_LAW_DECODE = new short[256];
    private static final short[] A_LAW_DECODE = new short[256];
    // Indexed by sample >> 2 (mu-law) or sample >> 4 (A-law), offset to be non-negative: the
    // reference discards those low bits before deciding anything, so the table is exact.
    private static final byte[] MU_LAW_ENCODE = new byte[1 << 14];
    private static final byte[] A_LAW_ENCODE = new byte[1 << 12];

    static {
        for (int code = 0; code < 256; code++) {
            MU_LAW_DECODE[code] = (short) muLawExpand(code);
            A_LAW_DECODE[code] = (short) aLawExpand(code);
        }
        for (int i = 0; i < MU_LAW_ENCODE.length; i++) {
            MU_LAW_ENCODE[i] = (byte) muLawCompress((i - (1 << 13)) << 2);
        }
        for (int i = 0; i < A_LAW_ENCODE.length; i++) {
            A_LAW_ENCODE[i] = (byte) aLawCompress((i - (1 << 11)) << 4);
        }
    }

    private G711() {
    }

    /** The linear value of a mu-law code (only its low 8 bits count). */
    public static short muLawDecode(int code) {
        return MU_LAW_DECODE[code & 0xFF];
    }

    /** The mu-law code of a 16-bit linear sample, as an unsigned byte value 0..255. */
    public static int muLawEncode(short sample) {
        return MU_LAW_ENCODE[(sample >> 2) + (1 << 13)] & 0xFF;
    }

    /** The linear value of an A-law code (only its low 8 bits count). */
    public static short aLawDecode(int code) {
        return A_LAW_DECODE[code & 0xFF];
    }

    /** The A-law code of a 16-bit linear sample, as an unsigned byte value 0..255. */
    public static int aLawEncode(short sample) {
        return A_LAW_ENCODE[(sample >> 4) + (1 << 11)] & 0xFF;
    }

    /** Decodes {@code samples} mu-law codes from {@code src} into slin at {@code dstSlinLE}. */
    public static void muLawDecode(byte[] src, int srcOff, byte[] dstSlinLE, int dstOff, int samples) {
        checkBounds(src, srcOff, samples, dstSlinLE, dstOff, samples * 2);
        decode(MU_LAW_DECODE, src, srcOff, dstSlinLE, dstOff, samples);
    }

    /** Encodes {@code samples} slin samples from {@code slinLE} into mu-law codes at {@code dst}. */
    public static void muLawEncode(byte[] slinLE, int off, byte[] dst, int dstOff, int samples) {
        checkBounds(slinLE, off, samples * 2, dst, dstOff, samples);
        for (int i = 0; i < samples; i++) {
            int p = off + 2 * i;
            short s = (short) ((slinLE[p] & 0xFF) | (slinLE[p + 1] << 8));
            dst[dstOff + i] = MU_LAW_ENCODE[(s >> 2) + (1 << 13)];
        }
    }

    /** Decodes {@code samples} A-law codes from {@code src} into slin at {@code dstSlinLE}. */
    public static void aLawDecode(byte[] src, int srcOff, byte[] dstSlinLE, int dstOff, int samples) {
        checkBounds(src, srcOff, samples, dstSlinLE, dstOff, samples * 2);
        decode(A_LAW_DECODE, src, srcOff, dstSlinLE, dstOff, samples);
    }

    /** Encodes {@code samples} slin samples from {@code slinLE} into A-law codes at {@code dst}. */
    public static void aLawEncode(byte[] slinLE, int off, byte[] dst, int dstOff, int samples) {
        checkBounds(slinLE, off, samples * 2, dst, dstOff, samples);
        for (int i = 0; i < samples; i++) {
            int p = off + 2 * i;
            short s = (short) ((slinLE[p] & 0xFF) | (slinLE[p + 1] << 8));
            dst[dstOff + i] = A_LAW_ENCODE[(s >> 4) + (1 << 11)];
        }
    }

    private static void decode(short[] table, byte[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        for (int i = 0; i < samples; i++) {
            short v = table[src[srcOff + i] & 0xFF];
            dst[dstOff + 2 * i] = (byte) v;
            dst[dstOff + 2 * i + 1] = (byte) (v >> 8);
        }
    }

    // Checked up front so that a bad call fails before writing half a frame.
    private static void checkBounds(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
        if (srcLen < 0 || srcOff < 0 || srcLen > src.length - srcOff
                || dstOff < 0 || dstLen > dst.length - dstOff) {
            throw new IndexOutOfBoundsException("src off=" + srcOff + " len=" + srcLen + " length="
                    + src.length + ", dst off=" + dstOff + " len=" + dstLen + " length=" + dst.length);
        }
    }

    // The table builders below follow G.191's ulaw_compress/ulaw_expand/alaw_compress/
    // alaw_expand, written with bit arithmetic instead of its loops. They run once, at class load.

    private static int muLawCompress(int sample) {
        // Negative samples use the one's complement, which is what makes -1..-4 the "-0" code 0x7F.
        int magnitude = ((sample < 0 ? ~sample : sample) >> 2) + 33; // 14-bit magnitude, biased
        if (magnitude > 0x1FFF) {
            magnitude = 0x1FFF;
        }
        int segment = 32 - Integer.numberOfLeadingZeros(magnitude >> 6) + 1; // 1..8
        int mantissa = 0x0F - ((magnitude >> segment) & 0x0F);
        int code = ((8 - segment) << 4) | mantissa;
        return sample >= 0 ? code | 0x80 : code;
    }

    private static int muLawExpand(int code) {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (inverted & 0x80) != 0 ? -magnitude : magnitude;
    }

    private static int aLawCompress(int sample) {
        int ix = (sample < 0 ? ~sample : sample) >> 4; // 0..2047
        if (ix > 15) {
            int exponent = 32 - Integer.numberOfLeadingZeros(ix) - 4; // 1..7
            ix = ((ix >> (exponent - 1)) - 16) + (exponent << 4);
        }
        if (sample >= 0) {
            ix |= 0x80;
        }
        return ix ^ 0x55; // even bits inverted on the wire
    }

    private static int aLawExpand(int code) {
        int ix = (code ^ 0x55) & 0x7F;
        int exponent = ix >> 4;
        int mantissa = ix & 0x0F;
        if (exponent > 0) {
            mantissa += 16; // the implicit leading one
        }
        mantissa = (mantissa << 4) + 8; // left-justified, plus half a quantisation step
        if (exponent > 1) {
            mantissa <<= exponent - 1;
        }
        return (code & 0x80) != 0 ? mantissa : -mantissa;
    }
}
