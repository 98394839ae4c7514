package io.ramal.gateway.queue.audio;

import io.ramal.audio.Resampler;
import io.ramal.gateway.call.CallContext;

/**
 * The receiving end of a bridge direction: once per tick, moves what the partner sent from the
 * {@link AudioRing} into this call's playout buffer, converting the rate when the two legs
 * differ (an 8 kHz caller and a 16 kHz attendant). Reuses its buffers: nothing is allocated per
 * frame. Confined to the receiving call's event loop.
 */
public final class Relay {

    private final byte[] chunk = new byte[4096];
    private Resampler resampler;
    private byte[] converted;

    /** Moves everything queued in {@code ring} to {@code call}'s playout. */
    public void drain(AudioRing ring, CallContext call) {
        int rate = call.format().sampleRate();
        int n;
        while ((n = ring.poll(chunk, 0, chunk.length)) > 0) {
            int from = ring.sampleRate();
            if (from == rate) {
                call.play(chunk, 0, n);
                continue;
            }
            if (resampler == null || resampler.fromRate() != from || resampler.toRate() != rate) {
                resampler = new Resampler(from, rate);
                converted = new byte[resampler.maxOutputBytes(chunk.length)];
            }
            int m = resampler.process(chunk, 0, n, converted, 0);
            call.play(converted, 0, m);
        }
    }
}
