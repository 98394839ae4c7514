package io.ramal.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WAV files of 16-bit little-endian mono PCM, the one kind the gateway plays and records. Any
 * other kind is refused with a message that says what was found and what is needed, so a
 * prompt recorded in stereo or mu-law fails at start-up, not as noise on a call.
 */
public final class Wav {

    /** The samples of a file and their rate. */
    public record Audio(int sampleRate, byte[] slinLE) {

        /** Length in milliseconds. */
        public double millis() {
            return slinLE.length * 1000.0 / (2.0 * sampleRate);
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
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(name + " is not a WAV file (no RIFF/WAVE header)");
        }
        b.position(12);
        int rate = -1;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (size < 0 || size > b.remaining()) {
                if (id == 0x61746164) { // "data" with a streaming length: take what is there
                    size = b.remaining();
                } else {
                    throw new IOException(name + " is truncated: a chunk claims " + size + " bytes, "
                            + b.remaining() + " remain");
                }
            }
            if (id == 0x20746d66) { // "fmt "
                if (size < 16) {
                    throw new IOException(name + " has a short fmt chunk");
                }
                int format = Short.toUnsignedInt(b.getShort(b.position()));
                int channels = Short.toUnsignedInt(b.getShort(b.position() + 2));
                rate = b.getInt(b.position() + 4);
                int bits = Short.toUnsignedInt(b.getShort(b.position() + 14));
                if (format == 0xFFFE && size >= 26) {
                    format = Short.toUnsignedInt(b.getShort(b.position() + 24)); // WAVE_FORMAT_EXTENSIBLE
                }
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IOException(name + " is " + describe(format, channels, bits)
                            + "; needed: 16-bit PCM mono (e.g. sox in.wav -r 8000 -c 1 -b 16 -e signed out.wav)");
                }
            } else if (id == 0x61746164) { // "data"
                if (rate < 0) {
                    throw new IOException(name + " has its data before its fmt chunk");
                }
                byte[] pcm = new byte[size & ~1];
                b.get(pcm);
                return new Audio(rate, pcm);
            }
            b.position(Math.min(b.limit(), b.position() + size + (size & 1))); // chunks are word-aligned
        }
        throw new IOException(name + " has no data chunk");
    }

    /** Writes 16-bit mono PCM. */
    public static void write(Path file, int sampleRate, byte[] slinLE) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + slinLE.length);
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt(36 + slinLE.length).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt(slinLE.length);
        out.write(h.array());
        out.write(slinLE);
        Files.write(file, out.toByteArray());
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
}
