package io.ramal.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes {@link AudioSocketFrame}s as header and payload in one buffer, because Asterisk waits
 * only about 5 ms for a payload after reading its header. Stateless and shared. Buffers that are
 * already encoded (the pacer writes its frames pre-encoded) pass through untouched.
 */
@Sharable
public final class AudioSocketEncoder extends MessageToByteEncoder<AudioSocketFrame> {

    /** The one instance. */
    public static final AudioSocketEncoder INSTANCE = new AudioSocketEncoder();

    private AudioSocketEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, AudioSocketFrame msg, ByteBuf out) {
        encode(msg.kind(), msg.content(), out);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, AudioSocketFrame msg, boolean preferDirect) {
        int size = AudioSocketHeader.BYTES + msg.content().readableBytes();
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    /** Appends one frame of {@code kind} carrying {@code payload} (not consumed) to {@code out}. */
    public static void encode(AudioSocketKind kind, ByteBuf payload, ByteBuf out) {
        int length = payload.readableBytes();
        AudioSocketHeader.write(out, kind, length);
        out.writeBytes(payload, payload.readerIndex(), length);
    }
}
