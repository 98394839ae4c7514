package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

/**
 * A call's outbound audio frame: one direct buffer, header and payload together (Asterisk waits
 * only about 5 ms for a payload after its header), reused from tick to tick once the socket has
 * let go of the previous frame, so a steady call allocates nothing per frame.
 *
 * <p>Netty takes a retained reference with each write and drops it once the frame is on the
 * socket: when the next tick finds the count back at one, the same buffer carries the next frame.
 * Confined to the call's event loop. Public for the other writers of a call's frames (the relay
 * to a queue's owner node), so that one class says how a frame is reused.
 */
public final class OutboundFrame {

    private ByteBuf buf;

    /**
     * Writes and flushes one frame of {@code kind} and {@code frameBytes} bytes: {@code audio}'s
     * first {@code n} bytes ({@code n == frameBytes}, a short frame included), or silence when
     * {@code n} is zero.
     */
    void send(Channel channel, AudioSocketKind kind, int frameBytes, byte[] audio, int n) {
        ByteBuf out = reusable(channel, frameBytes);
        AudioSocketHeader.write(out, kind, frameBytes);
        if (n > 0) {
            out.writeBytes(audio, 0, n);
        } else {
            out.writeZero(frameBytes);
        }
        channel.writeAndFlush(out.retain(), channel.voidPromise());
    }

    /** Writes and flushes one frame of {@code kind} carrying {@code payload}'s readable bytes (not consumed). */
    public void send(Channel channel, AudioSocketKind kind, ByteBuf payload) {
        int n = payload.readableBytes();
        ByteBuf out = reusable(channel, n);
        AudioSocketHeader.write(out, kind, n);
        out.writeBytes(payload, payload.readerIndex(), n);
        channel.writeAndFlush(out.retain(), channel.voidPromise());
    }

    /** The buffer for a frame of {@code payloadBytes}: ours again when the socket let go of it, else a fresh one. */
    private ByteBuf reusable(Channel channel, int payloadBytes) {
        ByteBuf out = buf;
        if (out == null || out.refCnt() != 1 || out.capacity() < AudioSocketHeader.BYTES + payloadBytes) {
            // The previous frame is still queued in the socket (or the rate grew): a fresh one.
            // Releasing ours leaves Netty's reference, so a queued frame still goes out.
            release();
            out = channel.alloc().directBuffer(AudioSocketHeader.BYTES + payloadBytes);
            buf = out;
        }
        out.clear();
        return out;
    }

    /** Drops this call's reference; a frame still queued in the socket goes out all the same. */
    public void release() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
    }
}
