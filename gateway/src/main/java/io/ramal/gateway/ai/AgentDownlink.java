package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.audio.PlayoutBuffer;
import io.ramal.audio.Resampler;

/**
 * The agent's audio on its way to the caller: chunks of any size (mu-law for Twilio, slin for
 * raw, even an odd number of slin bytes) in, slin at the call's rate into the playout buffer,
 * which re-frames it to 20 ms. Works in bounded blocks with reused arrays, so a 3 s burst costs
 * no allocation. {@link #reset()} after a clear, so that the next utterance does not begin with
 * the tail of the cleared one.
 *
 * <p>Confined to the call's event loop.
 */
final class AgentDownlink {

    /** Input bytes converted per pass; bounds the arrays whatever the agent sends. */
    private static final int BLOCK = 4096;

    private final AudioFormat agentFormat;
    private final AudioFormat callFormat;
    private final boolean mulaw;
    private final Resampler resampler;
    private final byte[] slin = new byte[BLOCK * 2];
    private final byte[] resampled;
    private final byte[] chunk = new byte[BLOCK];
    private boolean hasCarry;
    private byte carry;
    private long bytesIn;

    AgentDownlink(AudioFormat agentFormat, AudioFormat callFormat, boolean mulaw) {
        this(agentFormat, callFormat, mulaw, 0);
    }

    /** @param bytesBefore bytes an earlier downlink of the same stream took (for {@link #millis()}) */
    AgentDownlink(AudioFormat agentFormat, AudioFormat callFormat, boolean mulaw, long bytesBefore) {
        this.bytesIn = bytesBefore;
        this.agentFormat = agentFormat;
        this.callFormat = callFormat;
        this.mulaw = mulaw;
        this.resampler = agentFormat == callFormat ? null : Resampler.of(agentFormat, callFormat);
        this.resampled = resampler == null ? new byte[0] : new byte[resampler.maxOutputBytes(BLOCK * 2) + 4];
    }

    AudioFormat callFormat() {
        return callFormat;
    }

    /** Bytes of agent audio received so far. */
    long bytesIn() {
        return bytesIn;
    }

    /** Milliseconds of agent audio received so far. */
    long millis() {
        long samples = mulaw ? bytesIn : bytesIn / 2;
        return samples * 1000 / agentFormat.sampleRate();
    }

    /** Queues {@code len} bytes of the agent's audio. */
    void accept(byte[] src, int off, int len, PlayoutBuffer playout) {
        bytesIn += len;
        while (len > 0) {
            int n;
            if (mulaw) {
                n = Math.min(len, BLOCK);
                G711.muLawDecode(src, off, slin, 0, n);
                emit(slin, n * 2, playout);
            } else {
                int filled = 0;
                if (hasCarry) {
                    slin[filled++] = carry;
                    hasCarry = false;
                }
                n = Math.min(len, slin.length - filled);
                System.arraycopy(src, off, slin, filled, n);
                filled += n;
                if ((filled & 1) != 0) {
                    carry = slin[--filled];
                    hasCarry = true;
                }
                emit(slin, filled, playout);
            }
            off += n;
            len -= n;
        }
    }

    /** Queues the readable bytes of {@code audio} (not consumed). */
    void accept(ByteBuf audio, PlayoutBuffer playout) {
        int idx = audio.readerIndex();
        int left = audio.readableBytes();
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            audio.getBytes(idx, chunk, 0, n);
            accept(chunk, 0, n, playout);
            idx += n;
            left -= n;
        }
    }

    /** Forgets a half sample and the resampler's history. */
    void reset() {
        hasCarry = false;
        if (resampler != null) {
            resampler.reset();
        }
    }

    private void emit(byte[] pcm, int len, PlayoutBuffer playout) {
        if (len == 0) {
            return;
        }
        if (resampler == null) {
            playout.write(pcm, 0, len);
        } else {
            int n = resampler.process(pcm, 0, len, resampled, 0);
            playout.write(resampled, 0, n);
        }
    }
}
