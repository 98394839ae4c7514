package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.ramal.gateway.codec.AudioSocketHeader;

/**
 * Reads AudioSocket frames out of a connection's bytes as they arrive, however TCP splits them,
 * without cumulating buffers and without allocating: the header and the first bytes of each
 * payload ({@link Stamp#BYTES} unless told otherwise: what a leg reads) are copied into arrays the
 * parser owns, the rest is skipped. One per connection, confined to its event loop.
 */
public final class FrameParser {

    /** Receives each whole frame. */
    public interface Sink {
        /**
         * One frame has arrived.
         *
         * @param kind    the kind byte, 0..255
         * @param length  the payload length
         * @param head    the first {@code headLen} payload bytes; valid only during the call
         * @param headLen min(length, the parser's head size)
         */
        void frame(int kind, int length, byte[] head, int headLen);
    }

    private final byte[] header = new byte[AudioSocketHeader.BYTES];
    private int headerHave;
    private final byte[] head;
    private int headHave;
    private int kind;
    private int length;
    private int payloadLeft;

    /** A parser that keeps the first {@link Stamp#BYTES} of each payload. */
    public FrameParser() {
        this(Stamp.BYTES);
    }

    /** A parser that keeps the first {@code headBytes} (at least {@link Stamp#BYTES}) of each payload. */
    public FrameParser(int headBytes) {
        if (headBytes < Stamp.BYTES || headBytes > 65535) {
            throw new IllegalArgumentException("headBytes=" + headBytes + ", allowed: " + Stamp.BYTES + "..65535");
        }
        this.head = new byte[headBytes];
    }

    /** Consumes every readable byte of {@code in}, calling {@code sink} for each whole frame. */
    public void feed(ByteBuf in, Sink sink) {
        while (in.isReadable()) {
            if (headerHave < AudioSocketHeader.BYTES) {
                int n = Math.min(AudioSocketHeader.BYTES - headerHave, in.readableBytes());
                in.readBytes(header, headerHave, n);
                headerHave += n;
                if (headerHave < AudioSocketHeader.BYTES) {
                    return;
                }
                kind = AudioSocketHeader.kindByte(header, 0);
                length = AudioSocketHeader.length(header, 0);
                payloadLeft = length;
                headHave = 0;
                if (length == 0) {
                    complete(sink);
                }
                continue;
            }
            int n = Math.min(payloadLeft, in.readableBytes());
            int wantHead = Math.min(head.length, length) - headHave;
            if (wantHead > 0) {
                int c = Math.min(wantHead, n);
                in.getBytes(in.readerIndex(), head, headHave, c);
                headHave += c;
            }
            in.skipBytes(n);
            payloadLeft -= n;
            if (payloadLeft == 0) {
                complete(sink);
            }
        }
    }

    private void complete(Sink sink) {
        headerHave = 0;
        sink.frame(kind, length, head, headHave);
    }

    /** True when the parser stands between frames (no partial frame held). */
    public boolean isIdle() {
        return headerHave == 0;
    }
}
