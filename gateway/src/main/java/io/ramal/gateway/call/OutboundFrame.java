package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.Socket;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

import java.io.IOException;

/**
 * A call's outbound audio frame: one direct buffer, header and payload together (Asterisk waits
 * only about 5 ms for a payload after its header), reused from tick to tick once the socket has
 * let go of the previous frame, so a steady call allocates nothing per frame.
 *
 * <p>On an epoll channel with nothing queued before it (a call whose peer reads, which is every
 * call nearly all the time) the frame goes straight to the socket with one {@code send}, as Netty
 * itself would, without Netty's per-message outbound entry, pipeline walk and flush bookkeeping;
 * the buffer is then ours again at once. Otherwise, and for what a full socket leaves unsent, the
 * frame goes through Netty: it takes a retained reference and drops it once the bytes are on the
 * socket, and while that queue holds anything every later frame queues behind it, so order and the
 * channel's writability (the write-stall limit) stay Netty's. When the next tick finds the count
 * back at one, the same buffer carries the next frame. Confined to the call's event loop. Public
 * for the other writers of a call's frames (the relay to a queue's owner node), so that one class
 * says how a frame is written and reused.
 */
public final class OutboundFrame {

    private ByteBuf buf;
    /** Frames written straight to the socket, for tests. */
    private long direct;

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
        write(channel, out);
    }

    /** Writes and flushes one frame of {@code kind} carrying {@code payload}'s readable bytes (not consumed). */
    public void send(Channel channel, AudioSocketKind kind, ByteBuf payload) {
        int n = payload.readableBytes();
        ByteBuf out = reusable(channel, n);
        AudioSocketHeader.write(out, kind, n);
        out.writeBytes(payload, payload.readerIndex(), n);
        write(channel, out);
    }

    /** The frame out: straight to the socket when it can all go now, else (what is left of it) through Netty. */
    private void write(Channel channel, ByteBuf out) {
        if (sendNow(channel, out)) {
            direct++;
            return;
        }
        channel.writeAndFlush(out.retain(), channel.voidPromise());
    }

    /**
     * Sends {@code out} on an epoll socket when Netty holds nothing queued for it; true when all of
     * it went. A full socket takes part or none: the rest stays readable for Netty's queue, which
     * waits for the socket to drain. An error (the peer gone) sends nothing here, so that Netty's
     * write meets it and closes the channel its usual way.
     */
    private static boolean sendNow(Channel channel, ByteBuf out) {
        if (!(channel instanceof AbstractEpollStreamChannel epoll) || !out.hasMemoryAddress()
                || !channel.eventLoop().inEventLoop()) {
            return false; // off its loop only Netty may touch the socket
        }
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        if (queued == null || queued.totalPendingWriteBytes() != 0 || !channel.isActive()) {
            return false;
        }
        try {
            int sent = ((Socket) epoll.fd()).sendAddress(out.memoryAddress(), out.readerIndex(), out.writerIndex());
            out.skipBytes(sent);
        } catch (IOException e) {
            return false;
        }
        return !out.isReadable();
    }

    /** How many frames went straight to the socket. For tests. */
    long directWrites() {
        return direct;
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
