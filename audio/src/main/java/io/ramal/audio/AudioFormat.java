package io.ramal.audio;

/**
 * Signed 16-bit little-endian mono PCM ("slin") at the sample rates AudioSocket carries. A frame
 * here is always 20 ms, the pace at which the gateway plays audio out; inbound frames may be of
 * any length and are never assumed to be 20 ms.
 */
public enum AudioFormat {
    SLIN_8K(8_000),
    SLIN_12K(12_000),
    SLIN_16K(16_000),
    SLIN_24K(24_000),
    SLIN_32K(32_000),
    SLIN_44K(44_100),
    SLIN_48K(48_000),
    SLIN_96K(96_000),
    SLIN_192K(192_000);

    /** Duration of one playout frame in milliseconds. */
    public static final int FRAME_MILLIS = 20;

    private final int sampleRate;

    AudioFormat(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    /** Samples per second. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Samples in one 20 ms frame. */
    public int frameSamples() {
        return sampleRate * FRAME_MILLIS / 1000;
    }

    /** Bytes in one 20 ms frame (two per sample). */
    public int frameBytes() {
        return frameSamples() * 2;
    }

    /** Milliseconds of audio in {@code bytes} bytes of this format. */
    public double millis(int bytes) {
        return bytes * 1000.0 / (2.0 * sampleRate);
    }

    /**
     * The format of a sample rate.
     *
     * @throws IllegalArgumentException naming the rate and the rates supported
     */
    public static AudioFormat ofSampleRate(int sampleRate) {
        for (AudioFormat f : values()) {
            if (f.sampleRate == sampleRate) {
                return f;
            }
        }
        throw new IllegalArgumentException("unsupported sample rate " + sampleRate
                + " Hz, supported: 8000, 12000, 16000, 24000, 32000, 44100, 48000, 96000, 192000");
    }
}
