package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.audio.Resampler;

/**
 * The caller's audio on its way to the agent: slin at the call's rate in, frames of exactly
 * 20 ms at the agent's rate out (mu-law for Twilio, slin for raw), whatever the length of the
 * frames Asterisk sends. Resampling state is carried across frames, so there are no clicks at
 * frame edges. Reuses its arrays: nothing is allocated per frame once warmed up.
 *
 * <p>Confined to the call's event loop.
 */
final class CallerUplink {

    /** Receives each 20 ms frame; the array is reused after the call returns. */
    interface Sink {
        void frame(byte[] frame);
    }

    private final AudioFormat callFormat;
    private final AudioFormat agentFormat;
    private final boolean mulaw;
    private final Resampler resampler;
    private byte[] resampled = new byte[0];
    private final byte[] frame;
    private int frameLen;
    private final byte[] encoded;
    private long frames;

    /**
     * @param callFormat  what the caller sends
     * @param agentFormat the rate the agent hears
     * @param mulaw       true to hand out mu-law (Twilio), false for slin (raw)
     */
    CallerUplink(AudioFormat callFormat, AudioFormat agentFormat, boolean mulaw) {
        this(callFormat, agentFormat, mulaw, 0);
    }

    /** @param framesBefore frames an earlier uplink of the same stream handed out (timestamps go on) */
    CallerUplink(AudioFormat callFormat, AudioFormat agentFormat, boolean mulaw, long framesBefore) {
        this.frames = framesBefore;
        this.callFormat = callFormat;
        this.agentFormat = agentFormat;
        this.mulaw = mulaw;
        this.resampler = callFormat == agentFormat ? null : Resampler.of(callFormat, agentFormat);
        this.frame = new byte[agentFormat.frameBytes()];
        this.encoded = new byte[agentFormat.frameSamples()];
    }

    AudioFormat callFormat() {
        return callFormat;
    }

    /** Frames handed out so far. */
    long frames() {
        return frames;
    }

    /** Milliseconds of audio handed out so far: the next frame's timestamp. */
    long millis() {
        return frames * AudioFormat.FRAME_MILLIS;
    }

    /** Takes {@code len} bytes (even) of slin at the call's rate. */
    void accept(byte[] src, int off, int len, Sink sink) {
        if (resampler != null) {
            int need = resampler.maxOutputBytes(len);
            if (resampled.length < need) {
                resampled = new byte[need];
            }
            len = resampler.process(src, off, len, resampled, 0);
            src = resampled;
            off = 0;
        }
        while (len > 0) {
            int n = Math.min(len, frame.length - frameLen);
            System.arraycopy(src, off, frame, frameLen, n);
            frameLen += n;
            off += n;
            len -= n;
            if (frameLen == frame.length) {
                frameLen = 0;
                frames++;
                if (mulaw) {
                    G711.muLawEncode(frame, 0, encoded, 0, encoded.length);
                    sink.frame(encoded);
                } else {
                    sink.frame(frame);
                }
            }
        }
    }

    AudioFormat agentFormat() {
        return agentFormat;
    }
}
