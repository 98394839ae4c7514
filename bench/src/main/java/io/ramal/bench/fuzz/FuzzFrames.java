package io.ramal.bench.fuzz;

import io.netty.buffer.ByteBuf;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

import java.util.SplittableRandom;

/**
 * Writes one fuzz connection's bytes: usually an id frame, then a run of frames that a sloppy or
 * hostile Asterisk might send (audio of every kind and of any length, odd and oversize included,
 * DTMF of any byte, a stray id, error and hangup frames, unknown kinds, lengths that do not fit
 * the kind), and sometimes a last frame cut short. Each connection has a hostility: the chance
 * that a frame is one the gateway must refuse, so that some connections die at once and others
 * stream for a while. Payloads are copied from one random block rather than drawn byte by byte,
 * so the generator does not eat the CPU the gateway under test needs. Not thread-safe: one per
 * generator thread.
 */
final class FuzzFrames {

    /** What one connection's bytes hold. */
    static final class Burst {
        int frames;
        /** Frames before the first one the gateway refuses or that ends the call. */
        int framesBeforeEnd;
        boolean truncated;
    }

    private static final AudioSocketKind[] AUDIO = {
        AudioSocketKind.AUDIO_8K, AudioSocketKind.AUDIO_12K, AudioSocketKind.AUDIO_16K, AudioSocketKind.AUDIO_24K,
        AudioSocketKind.AUDIO_32K, AudioSocketKind.AUDIO_44K, AudioSocketKind.AUDIO_48K, AudioSocketKind.AUDIO_96K,
        AudioSocketKind.AUDIO_192K};
    private static final double[] HOSTILITY = {0.0, 0.005, 0.02, 0.1, 0.5};

    private final SplittableRandom random;
    private final byte[] noise = new byte[1 << 17];

    FuzzFrames(long seed) {
        random = new SplittableRandom(seed);
        random.nextBytes(noise);
    }

    /** Appends one connection's frames to {@code out}, at most {@code maxFrames}. */
    Burst write(ByteBuf out, int maxFrames, Burst b) {
        b.frames = 0;
        b.framesBeforeEnd = -1;
        b.truncated = false;
        double hostility = HOSTILITY[random.nextInt(HOSTILITY.length)];
        // Mostly slin 8 kHz, as Asterisk's AudioSocket() sends; the rest any rate.
        AudioSocketKind kind = random.nextInt(8) == 0 ? AUDIO[random.nextInt(AUDIO.length)] : AudioSocketKind.AUDIO_8K;
        int frames = 1 + random.nextInt(maxFrames);
        boolean identified = random.nextInt(20) != 0;
        for (int i = 0; i < frames; i++) {
            boolean ends;
            if (i == 0 && identified) {
                frame(out, AudioSocketKind.ID.byteValue(), 16);
                ends = false;
            } else if (i == 0 || random.nextDouble() < hostility) {
                ends = hostile(out);
            } else {
                ends = benign(out, kind);
            }
            b.frames++;
            if (ends && b.framesBeforeEnd < 0) {
                b.framesBeforeEnd = i;
            }
        }
        if (b.framesBeforeEnd < 0) {
            b.framesBeforeEnd = frames;
        }
        if (random.nextInt(10) == 0 && out.readableBytes() > 1) {
            // Cut inside the last frame: the connection will close mid-frame.
            int lastStart = Math.max(0, out.writerIndex() - 1 - random.nextInt(Math.min(out.readableBytes() - 1, 400) + 1));
            out.writerIndex(Math.max(lastStart, out.writerIndex() - 1));
            b.truncated = true;
        }
        return b;
    }

    /** A frame Asterisk could send in a live call: audio of any length (odd ones too), a digit. */
    private boolean benign(ByteBuf out, AudioSocketKind kind) {
        int r = random.nextInt(100);
        if (r < 6) {
            frame(out, AudioSocketKind.DTMF.byteValue(), 1);
        } else if (r < 7) {
            // Another rate: the gateway follows the caller (and logs it).
            AudioSocketKind other = AUDIO[random.nextInt(AUDIO.length)];
            frame(out, other.byteValue(), lengthFor(other));
        } else {
            frame(out, kind.byteValue(), lengthFor(kind));
        }
        return false;
    }

    private int lengthFor(AudioSocketKind kind) {
        int fb = kind.format().frameBytes();
        int r = random.nextInt(1000);
        if (r < 750) {
            return fb;
        }
        if (r < 998) {
            return random.nextInt(2 * fb + 1); // short, long, odd, empty
        }
        return random.nextInt(AudioSocketHeader.MAX_LENGTH + 1); // up to the 64 KB the header allows
    }

    /** A frame the gateway must refuse or that ends the call; true in both cases. */
    private boolean hostile(ByteBuf out) {
        int r = random.nextInt(7);
        switch (r) {
            case 0 -> frame(out, AudioSocketKind.ID.byteValue(), random.nextInt(3) == 0 ? random.nextInt(64) : 16);
            case 1 -> frame(out, AudioSocketKind.ERROR.byteValue(), random.nextInt(4));
            case 2 -> frame(out, AudioSocketKind.HANGUP.byteValue(), random.nextInt(3) == 0 ? random.nextInt(64) : 0);
            case 3 -> frame(out, AudioSocketKind.DTMF.byteValue(), 2 + random.nextInt(600)); // oversize for DTMF
            default -> {
                byte unknown;
                do {
                    unknown = (byte) random.nextInt(256);
                } while (AudioSocketKind.find(unknown & 0xff) != null);
                frame(out, unknown, random.nextInt(r == 6 ? AudioSocketHeader.MAX_LENGTH + 1 : 700));
            }
        }
        return true;
    }

    private void frame(ByteBuf out, byte kind, int length) {
        out.writeByte(kind);
        out.writeShort(length);
        int at = random.nextInt(noise.length);
        for (int left = length; left > 0; ) {
            int n = Math.min(left, noise.length - at);
            out.writeBytes(noise, at, n);
            left -= n;
            at = 0;
        }
    }
}
