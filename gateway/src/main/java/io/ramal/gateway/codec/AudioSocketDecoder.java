package io.ramal.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.List;

/**
 * Turns the bytes of an AudioSocket connection into {@link AudioSocketFrame}s. Waits for a whole
 * frame without moving the reader index, checks the kind and that the length fits it as soon as
 * the 3-byte header is there (so an oversize or wrong length fails before any payload is
 * buffered), and hands the payload on as a retained slice.
 *
 * <p>Given an {@link AudioSink}, audio frames skip the pipeline: the payload is copied into one
 * buffer per event-loop thread and handed to the sink, so a call's audio allocates nothing per
 * frame (a 320-byte copy into a buffer that stays in cache costs less than the frame object and
 * slice it replaces; a buffer per connection would be one more cold line per frame). Every other
 * kind still travels as an {@link AudioSocketFrame}, in order.
 *
 * <p>On a violation it throws {@link AudioSocketException} once and discards everything after:
 * the connection is beyond repair and the call handler hangs it up. A connection that closes in
 * the middle of a frame is reported the same way.
 */
public final class AudioSocketDecoder extends ByteToMessageDecoder {

    /**
     * Longest {@link AudioSocketKind#RELAY_HEADER} payload: its three names of at most 255 bytes
     * each and its fixed fields fit with room to spare, and nothing longer is buffered.
     */
    public static final int MAX_RELAY_HEADER_BYTES = 1024;

    /** The {@link AudioSocketKind#RELAY_ANSWERED} payload: an epoch millisecond and a call id. */
    public static final int RELAY_ANSWERED_BYTES = 24;

    /** Room for 20 ms at 48 kHz, the largest rate Asterisk sends, so the buffer never grows in practice. */
    private static final int DEFAULT_AUDIO_BYTES = 1920;

    /** Takes audio frames straight from the decoder. */
    @FunctionalInterface
    public interface AudioSink {
        /**
         * One audio frame. {@code payload} is the thread's shared buffer, overwritten by the next
         * frame: read or copy it during this call, never retain it, and read it before anything
         * that may close the channel (a test's embedded channel decodes what is left at once).
         */
        void onAudio(AudioSocketKind kind, ByteBuf payload);
    }

    /** The audio payload handed to sinks, one per thread, reused frame after frame; grown for a longer frame. */
    private static final FastThreadLocal<ByteBuf> AUDIO = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return Unpooled.wrappedBuffer(new byte[DEFAULT_AUDIO_BYTES]);
        }
    };

    private final AudioSink sink;
    private boolean failed;

    /** A decoder that emits every frame, audio included, as an {@link AudioSocketFrame}. */
    public AudioSocketDecoder() {
        this(null);
    }

    /** A decoder that hands audio frames to {@code sink} (when not null) and emits the rest. */
    public AudioSocketDecoder(AudioSink sink) {
        this.sink = sink;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < AudioSocketHeader.BYTES) {
            return;
        }
        int start = in.readerIndex();
        AudioSocketKind kind;
        int length = AudioSocketHeader.length(in, start);
        try {
            kind = AudioSocketKind.valueOf(in.getByte(start));
            checkLength(kind, length);
        } catch (AudioSocketException e) {
            fail(in);
            throw e;
        }
        if (in.readableBytes() < AudioSocketHeader.BYTES + length) {
            return;
        }
        in.skipBytes(AudioSocketHeader.BYTES);
        if (sink != null && kind.isAudio()) {
            ByteBuf a = AUDIO.get();
            if (a.capacity() < length) {
                a = Unpooled.wrappedBuffer(new byte[length]);
                AUDIO.set(a);
            }
            a.clear();
            in.readBytes(a, length);
            try {
                sink.onAudio(kind, a);
            } catch (RuntimeException e) {
                // As a handler's failure through the pipeline: reported on, and the frames after
                // it in this read still decode.
                ctx.fireExceptionCaught(e);
            }
            return;
        }
        out.add(new AudioSocketFrame(kind, in.readRetainedSlice(length)));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int have = in.readableBytes();
            String what = have < AudioSocketHeader.BYTES
                    ? have + " of " + AudioSocketHeader.BYTES + " header bytes"
                    : (have - AudioSocketHeader.BYTES) + " of " + AudioSocketHeader.length(in, in.readerIndex())
                            + " payload bytes";
            fail(in);
            throw new AudioSocketException("connection closed inside a frame after " + what);
        }
    }

    private void fail(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
    }

    /** Rejects a length that cannot belong to {@code kind}, before its payload is read. */
    static void checkLength(AudioSocketKind kind, int length) {
        switch (kind) {
            case ID:
                expect(length == 16, kind, length, "16");
                break;
            case DTMF:
                expect(length == 1, kind, length, "1");
                break;
            case HANGUP:
                expect(length == 0, kind, length, "0");
                break;
            case RELAY_HEADER:
                expect(length > 0 && length <= MAX_RELAY_HEADER_BYTES, kind, length, "1.." + MAX_RELAY_HEADER_BYTES);
                break;
            case RELAY_ANSWERED:
                expect(length == RELAY_ANSWERED_BYTES, kind, length, String.valueOf(RELAY_ANSWERED_BYTES));
                break;
            default:
                // Error frames carry anything. Audio of any length passes too: Asterisk ends a
                // mislabelled mu-law call with an odd-length "slin" frame (113 bytes), and the
                // call, not the wire, drops the half sample (with a WARN) rather than hang up.
                break;
        }
    }

    private static void expect(boolean ok, AudioSocketKind kind, int length, String expected) {
        if (!ok) {
            throw new AudioSocketException(String.format("%s (0x%02x) frame with length %d, expected %s",
                    kind, kind.byteValue() & 0xff, length, expected));
        }
    }
}
