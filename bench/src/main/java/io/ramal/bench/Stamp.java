package io.ramal.bench;

import io.netty.buffer.ByteBuf;

/**
 * What the load generator writes at the start of every audio payload, so that an echo line's
 * answer tells which call and which frame came back and when it left: a magic number, the call,
 * the frame's sequence number and its send time ({@link System#nanoTime()}), big-endian. The
 * rest of the payload is a tone. A frame without the magic (the silence a gateway sends while
 * its playout buffer primes, or on underrun) is not an echo.
 *
 * <pre>
 * offset 0  int   MAGIC ("RML1")
 * offset 4  int   call index
 * offset 8  int   sequence number, from 0
 * offset 12 long  send time, System.nanoTime()
 * </pre>
 */
public final class Stamp {

    /** "RML1". */
    public static final int MAGIC = 0x524D4C31;
    /** Bytes of the stamp at the start of the payload. */
    public static final int BYTES = 20;

    private Stamp() {
    }

    /** Writes a stamp into {@code buf} at absolute index {@code at}, not moving its indexes. */
    public static void write(ByteBuf buf, int at, int call, int seq, long sendNanos) {
        buf.setInt(at, MAGIC);
        buf.setInt(at + 4, call);
        buf.setInt(at + 8, seq);
        buf.setLong(at + 12, sendNanos);
    }

    /** Writes a stamp into {@code dst} at {@code at}. */
    public static void write(byte[] dst, int at, int call, int seq, long sendNanos) {
        putInt(dst, at, MAGIC);
        putInt(dst, at + 4, call);
        putInt(dst, at + 8, seq);
        putInt(dst, at + 12, (int) (sendNanos >>> 32));
        putInt(dst, at + 16, (int) sendNanos);
    }

    /** True when the first {@code have} bytes of a payload in {@code head} start with a stamp. */
    public static boolean isStamped(byte[] head, int have) {
        return have >= BYTES && getInt(head, 0) == MAGIC;
    }

    /** The call index of a stamped payload head. */
    public static int call(byte[] head) {
        return getInt(head, 4);
    }

    /** The sequence number of a stamped payload head. */
    public static int seq(byte[] head) {
        return getInt(head, 8);
    }

    /** The send time of a stamped payload head. */
    public static long sendNanos(byte[] head) {
        return ((long) getInt(head, 12) << 32) | (getInt(head, 16) & 0xffffffffL);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
