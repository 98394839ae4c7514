package io.ramal.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * WAV files of 16-bit little-endian mono PCM, the one kind the gateway plays and records. Any
 * other kind (stereo, 8-bit, float, mu-law, a truncated file, something that is not RIFF) is
 * refused with an {@link IOException} that names the file, what it holds and what is needed, so
 * a prompt recorded in stereo fails at start-up, not as noise on a call. Chunks other than
 * {@code fmt } and {@code data} (LIST, fact, cue...) are skipped, with RIFF's pad byte after odd
 * sizes. Any sample rate is read; {@link Audio#format()} says whether AudioSocket can carry it.
 */
public final class Wav {

    private static final int RIFF = 0x46464952; // "RIFF" read little-endian
    private static final int WAVE = 0x45564157;
    private static final int FMT = 0x20746d66;
    private static final int DATA = 0x61746164;
    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    /** The samples of a file and their rate. */
    public record Audio(int sampleRate, byte[] slinLE) {

        /** Length in milliseconds. */
        public double millis() {
            return slinLE.length * 1000.0 / (2.0 * sampleRate);
        }

        /** The AudioSocket format of this rate, empty for rates it cannot carry (22050 Hz). */
        public Optional<AudioFormat> format() {
            for (AudioFormat f : AudioFormat.values()) {
                if (f.sampleRate() == sampleRate) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private Wav() {
    }

    /** Reads a file. */
    public static Audio read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a stream; {@code name} appears in error messages.
     *
     * @throws IOException naming the file, what it holds and what is needed
     */
    public static Audio read(InputStream in, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != RIFF || b.getInt(8) != WAVE) {
            throw new IOException(name + " is not a WAV file: expected a RIFF/WAVE header, found "
                    + (b.remaining() < 12 ? b.remaining() + " bytes in all" : "\"" + printable(b, 0) + "\"..\""
                    + printable(b, 8) + "\""));
        }
        b.position(12);
        int rate = -1;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            long size = Integer.toUnsignedLong(b.getInt());
            if (size > b.remaining()) {
                // A writer that could not seek back leaves 0xFFFFFFFF: the data runs to the end.
                if (id == DATA && size == 0xFFFFFFFFL) {
                    size = b.remaining();
                } else {
                    throw new IOException(name + " is truncated: its \"" + printable(b, b.position() - 8)
                            + "\" chunk claims " + size + " bytes, only " + b.remaining() + " remain");
                }
            }
            int start = b.position();
            if (id == FMT) {
                rate = checkFormat(b, start, (int) size, name);
            } else if (id == DATA) {
                if (rate < 0) {
                    throw new IOException(name + " has its data chunk before its fmt chunk; expected fmt first");
                }
                // An odd count would end in half a sample: keep the whole ones.
                byte[] pcm = new byte[(int) size & ~1];
                b.get(pcm);
                return new Audio(rate, pcm);
            }
            b.position((int) Math.min(b.limit(), start + size + (size & 1))); // chunks are word-aligned
        }
        throw new IOException(name + " has no data chunk" + (rate < 0 ? " and no fmt chunk" : "")
                + "; expected fmt and data chunks");
    }

    /**
     * Writes 16-bit mono PCM.
     *
     * @throws IllegalArgumentException for a rate not above 0 or an odd byte count
     */
    public static void write(Path file, int sampleRate, byte[] slinLE) throws IOException {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate=" + sampleRate + ", expected > 0");
        }
        if ((slinLE.length & 1) != 0) {
            throw new IllegalArgumentException(slinLE.length + " bytes of slin is half a sample too many");
        }
        if (slinLE.length > Integer.MAX_VALUE - 44) {
            throw new IllegalArgumentException(slinLE.length + " bytes do not fit a WAV file");
        }
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(RIFF).putInt(36 + slinLE.length).putInt(WAVE);
        h.putInt(FMT).putInt(16).putShort((short) WAVE_FORMAT_PCM).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(DATA).putInt(slinLE.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(h.array());
            out.write(slinLE);
        }
    }

    private static int checkFormat(ByteBuffer b, int at, int size, String name) throws IOException {
        if (size < 16) {
            throw new IOException(name + " has a fmt chunk of " + size + " bytes; expected at least 16");
        }
        int format = Short.toUnsignedInt(b.getShort(at));
        int channels = Short.toUnsignedInt(b.getShort(at + 2));
        int rate = b.getInt(at + 4);
        int bits = Short.toUnsignedInt(b.getShort(at + 14));
        if (format == WAVE_FORMAT_EXTENSIBLE && size >= 26) {
            format = Short.toUnsignedInt(b.getShort(at + 24)); // first two bytes of the sub-format GUID
        }
        if (format != WAVE_FORMAT_PCM || channels != 1 || bits != 16) {
            throw new IOException(name + " is " + describe(format, channels, bits)
                    + "; expected 16-bit PCM mono (e.g. sox in.wav -r 8000 -c 1 -b 16 -e signed out.wav)");
        }
        if (rate <= 0) {
            throw new IOException(name + " claims a sample rate of " + Integer.toUnsignedString(rate)
                    + " Hz; expected a positive rate");
        }
        return rate;
    }

    private static String describe(int format, int channels, int bits) {
        String f = switch (format) {
            case 1 -> "PCM";
            case 3 -> "float";
            case 6 -> "A-law";
            case 7 -> "mu-law";
            default -> "format " + format;
        };
        return f + " " + bits + "-bit, " + channels + " channel" + (channels == 1 ? "" : "s");
    }

    private static String printable(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder(4);
        for (int i = at; i < at + 4 && i < b.limit(); i++) {
            int c = b.get(i) & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString();
    }
}
