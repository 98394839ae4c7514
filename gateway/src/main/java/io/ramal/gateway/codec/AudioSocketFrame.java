package io.ramal.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

import java.util.UUID;

/**
 * One AudioSocket message: its kind and its payload. Reference-counted through its payload:
 * whoever receives one releases it exactly once.
 */
public final class AudioSocketFrame extends DefaultByteBufHolder {

    private final AudioSocketKind kind;

    public AudioSocketFrame(AudioSocketKind kind, ByteBuf payload) {
        super(payload);
        this.kind = kind;
    }

    /** The hangup frame, {@code 00 00 00}. */
    public static AudioSocketFrame hangup() {
        return new AudioSocketFrame(AudioSocketKind.HANGUP, Unpooled.EMPTY_BUFFER);
    }

    /** An id frame carrying {@code uuid} in binary, as Asterisk sends it first. */
    public static AudioSocketFrame id(UUID uuid) {
        ByteBuf b = Unpooled.buffer(16, 16);
        b.writeLong(uuid.getMostSignificantBits()).writeLong(uuid.getLeastSignificantBits());
        return new AudioSocketFrame(AudioSocketKind.ID, b);
    }

    /** A DTMF frame carrying one digit. */
    public static AudioSocketFrame dtmf(char digit) {
        return new AudioSocketFrame(AudioSocketKind.DTMF,
                Unpooled.copiedBuffer(new byte[] {(byte) digit}));
    }

    public AudioSocketKind kind() {
        return kind;
    }

    /** The UUID of an id frame. */
    public UUID uuid() {
        ByteBuf p = content();
        return new UUID(p.getLong(p.readerIndex()), p.getLong(p.readerIndex() + 8));
    }

    /** The digit of a DTMF frame. */
    public char digit() {
        return (char) (content().getByte(content().readerIndex()) & 0xff);
    }

    /** The code of an error frame, 0 when it has no payload. */
    public int errorCode() {
        return content().isReadable() ? content().getUnsignedByte(content().readerIndex()) : 0;
    }

    /**
     * The bits of an error code as words, after the pre-upstream patch: 0x01 hangup of the
     * calling party, 0x02 frame forwarding error, 0x04 memory error.
     */
    public static String describeError(int code) {
        StringBuilder sb = new StringBuilder();
        if ((code & 0x01) != 0) {
            sb.append("caller-hangup,");
        }
        if ((code & 0x02) != 0) {
            sb.append("frame-forwarding,");
        }
        if ((code & 0x04) != 0) {
            sb.append("memory,");
        }
        if ((code & ~0x07) != 0 || code == 0) {
            sb.append(String.format("unknown(0x%02x),", code));
        }
        return sb.substring(0, sb.length() - 1);
    }

    @Override
    public AudioSocketFrame replace(ByteBuf content) {
        return new AudioSocketFrame(kind, content);
    }

    @Override
    public AudioSocketFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public AudioSocketFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "AudioSocketFrame(" + kind + ", " + content().readableBytes() + " bytes)";
    }
}
