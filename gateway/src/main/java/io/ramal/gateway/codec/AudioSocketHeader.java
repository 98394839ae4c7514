package io.ramal.gateway.codec;

import io.netty.buffer.ByteBuf;

/**
 * The 3-byte header in front of every AudioSocket payload: the kind byte, then the payload length
 * as an unsigned 16-bit big-endian number. The one place the header's layout is written and read:
 * the decoder and encoder, the call session's paced frames, the blocking client and the load
 * generator all go through here. Static and allocation-free, so the per-frame paths stay so too.
 */
public final class AudioSocketHeader {

    /** Bytes of the header: kind, then a 16-bit big-endian length. */
    public static final int BYTES = 3;

    /** The longest payload a header can announce. */
    public static final int MAX_LENGTH = 0xffff;

    private AudioSocketHeader() {
    }

    /**
     * Appends the header of a frame of {@code kind} carrying {@code length} payload bytes.
     *
     * @throws AudioSocketException for a length that does not fit the header
     */
    public static void write(ByteBuf out, AudioSocketKind kind, int length) {
        checkLength(length);
        out.writeByte(kind.byteValue());
        out.writeShort(length);
    }

    /**
     * Writes the header of a frame of {@code kind} carrying {@code length} payload bytes into
     * {@code dst} at {@code at}: for writers that build frames in arrays.
     *
     * @throws AudioSocketException for a length that does not fit the header
     */
    public static void write(byte[] dst, int at, AudioSocketKind kind, int length) {
        checkLength(length);
        dst[at] = kind.byteValue();
        dst[at + 1] = (byte) (length >>> 8);
        dst[at + 2] = (byte) length;
    }

    /** The kind byte, 0..255, of the header starting at absolute index {@code at}; no index moves. */
    public static int kindByte(ByteBuf in, int at) {
        return in.getUnsignedByte(at);
    }

    /** The payload length of the header starting at absolute index {@code at}; no index moves. */
    public static int length(ByteBuf in, int at) {
        return in.getUnsignedShort(at + 1);
    }

    /** The kind byte, 0..255, of the header in {@code src} at {@code at}. */
    public static int kindByte(byte[] src, int at) {
        return src[at] & 0xff;
    }

    /** The payload length of the header in {@code src} at {@code at}. */
    public static int length(byte[] src, int at) {
        return (src[at + 1] & 0xff) << 8 | (src[at + 2] & 0xff);
    }

    private static void checkLength(int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new AudioSocketException("payload of " + length + " bytes, at most " + MAX_LENGTH + " fit a frame");
        }
    }
}
