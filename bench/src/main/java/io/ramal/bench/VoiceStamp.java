package io.ramal.bench;

import io.netty.buffer.ByteBuf;

/**
 * A stamp that survives the Twilio wire: an AI caller's voiced frame carries its call, turn and
 * frame number in its first {@value #SAMPLES} samples, four bits a sample, each a level that
 * G.711 mu-law keeps apart (levels 2048 apart, where mu-law's step is at most 512), so the agent's
 * reply, which has been to mu-law and back twice, still says which frames it holds. The
 * {@link Stamp} of the echo calls would not: its bytes are not audio levels.
 *
 * <pre>
 * samples 0-3   magic nibbles A 5 C 3
 * samples 4-8   call index, 20 bits
 * samples 9-11  turn, 12 bits
 * samples 12-13 frame of the turn, 8 bits
 * samples 14-15 check: the sum of the ten nibbles above plus 0x5A, 8 bits
 * </pre>
 */
final class VoiceStamp {

    /** Samples the stamp takes at the start of a frame. */
    static final int SAMPLES = 16;
    /** Bytes of slin the stamp takes. */
    static final int BYTES = SAMPLES * 2;
    /** Largest call index, turn and frame number a stamp holds. */
    static final int MAX_CALL = (1 << 20) - 1;
    static final int MAX_TURN = (1 << 12) - 1;
    static final int MAX_FRAME = (1 << 8) - 1;

    private static final int[] MAGIC = {0xA, 0x5, 0xC, 0x3};
    private static final int STEP = 2048;
    /** How far a sample may be from its level: mu-law moves a level by at most 256 here. */
    private static final int SLACK = 768;

    private VoiceStamp() {
    }

    /** The sample that carries nibble {@code v}: -15360..15360, never 0. */
    static int level(int v) {
        return (v - 8) * STEP + STEP / 2;
    }

    /** Writes the stamp into the slin in {@code buf} starting at absolute index {@code at}, not moving its indexes. */
    static void write(ByteBuf buf, int at, int call, int turn, int frame) {
        long data = pack(call, turn, frame);
        int sum = checksum(data);
        for (int i = 0; i < SAMPLES; i++) {
            buf.setShortLE(at + 2 * i, level(nibbleOf(i, data, sum)));
        }
    }

    /** Writes the stamp into {@code slin} at byte {@code at}. */
    static void write(byte[] slin, int at, int call, int turn, int frame) {
        long data = pack(call, turn, frame);
        int sum = checksum(data);
        for (int i = 0; i < SAMPLES; i++) {
            int s = level(nibbleOf(i, data, sum));
            slin[at + 2 * i] = (byte) s;
            slin[at + 2 * i + 1] = (byte) (s >> 8);
        }
    }

    private static long pack(int call, int turn, int frame) {
        if (call < 0 || call > MAX_CALL || turn < 0 || turn > MAX_TURN || frame < 0 || frame > MAX_FRAME) {
            throw new IllegalArgumentException("call=" + call + " turn=" + turn + " frame=" + frame
                    + ", allowed: call 0.." + MAX_CALL + ", turn 0.." + MAX_TURN + ", frame 0.." + MAX_FRAME);
        }
        return (long) call << 20 | (long) turn << 8 | frame;
    }

    /** The ten data nibbles' sum plus 0x5A (at most 240: one byte). */
    private static int checksum(long data) {
        int sum = 0x5A;
        for (int i = 0; i < 10; i++) {
            sum += (int) (data >>> (4 * i)) & 0xF;
        }
        return sum;
    }

    /** The nibble of sample {@code i} (allocation-free: the sender writes one stamp a frame). */
    private static int nibbleOf(int i, long data, int sum) {
        if (i < MAGIC.length) {
            return MAGIC[i];
        }
        if (i < 14) {
            return (int) (data >>> (4 * (13 - i))) & 0xF;
        }
        return i == 14 ? (sum >>> 4) & 0xF : sum & 0xF;
    }

    /**
     * Reads a stamp from the first {@code have} bytes of slin in {@code head}, allocating nothing.
     *
     * @return {@code call << 20 | turn << 8 | frame}, or -1 when the frame carries no stamp
     */
    static long read(byte[] head, int have) {
        if (have < BYTES) {
            return -1;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (nibble(head, i) != MAGIC[i]) {
                return -1;
            }
        }
        long data = 0;
        int sum = 0x5A;
        for (int i = 4; i < 14; i++) {
            int v = nibble(head, i);
            if (v < 0) {
                return -1;
            }
            data = data << 4 | v;
            sum += v;
        }
        int hi = nibble(head, 14);
        int lo = nibble(head, 15);
        if (hi < 0 || lo < 0 || (hi << 4 | lo) != (sum & 0xFF)) {
            return -1;
        }
        return data;
    }

    static int call(long stamp) {
        return (int) (stamp >>> 20);
    }

    static int turn(long stamp) {
        return (int) (stamp >>> 8) & MAX_TURN;
    }

    static int frame(long stamp) {
        return (int) stamp & MAX_FRAME;
    }

    /** The nibble sample {@code i} carries, or -1 when it is no level. */
    private static int nibble(byte[] slin, int i) {
        int s = (short) ((slin[2 * i] & 0xFF) | (slin[2 * i + 1] << 8));
        int v = Math.floorDiv(s + 8 * STEP, STEP);
        if (v < 0 || v > 15 || Math.abs(s - level(v)) > SLACK) {
            return -1;
        }
        return v;
    }

    /** True when any of the first {@code have} bytes of slin is louder than a whisper (|sample| > 256). */
    static boolean voiced(byte[] slin, int have) {
        for (int i = 0; i + 1 < have; i += 2) {
            int s = (short) ((slin[i] & 0xFF) | (slin[i + 1] << 8));
            if (s > 256 || s < -256) {
                return true;
            }
        }
        return false;
    }
}
