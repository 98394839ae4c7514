package io.ramal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {

    private static final byte[] PCM = Signals.noise(400, 30000, 11);

    @Test
    void writtenFileReadsBackIdentically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prompt.wav");
        Wav.write(file, 16000, PCM);
        Wav.Audio a = Wav.read(file);
        assertEquals(16000, a.sampleRate());
        assertArrayEquals(PCM, a.slinLE());
        assertEquals(Optional.of(AudioFormat.SLIN_16K), a.format());
        assertEquals(25.0, a.millis(), 1e-9);
        assertEquals(44 + PCM.length, Files.size(file), "canonical 44-byte header");
    }

    @Test
    void rateWithoutAudioSocketFormatStillReadsAsRawSamples() throws IOException {
        Wav.Audio a = read(new WavBuilder().fmt(1, 1, 22050, 16).data(PCM).bytes());
        assertEquals(22050, a.sampleRate());
        assertArrayEquals(PCM, a.slinLE());
        assertEquals(Optional.empty(), a.format());
    }

    @Test
    void unknownChunksAreSkippedIncludingOddPadding() throws IOException {
        byte[] wav = new WavBuilder()
                .chunk("LIST", "INFOISFT\5\0\0\0sox\0\0".getBytes(StandardCharsets.ISO_8859_1))
                .fmt(1, 1, 8000, 16)
                .chunk("junk", new byte[] {1, 2, 3}) // odd: one pad byte follows
                .chunk("fact", new byte[] {4, 0, 0, 0})
                .data(PCM)
                .chunk("id3 ", new byte[7])
                .bytes();
        Wav.Audio a = read(wav);
        assertEquals(8000, a.sampleRate());
        assertArrayEquals(PCM, a.slinLE());
    }

    @Test
    void extensibleFormatWithPcmSubFormatIsAccepted() throws IOException {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(24000).putInt(48000).putShort((short) 2)
                .putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(4).putShort((short) 1);
        Wav.Audio a = read(new WavBuilder().chunk("fmt ", fmt.array()).data(PCM).bytes());
        assertEquals(24000, a.sampleRate());
        assertArrayEquals(PCM, a.slinLE());
    }

    @Test
    void streamingDataLengthReadsToTheEnd() throws IOException {
        byte[] wav = new WavBuilder().fmt(1, 1, 8000, 16).data(PCM).bytes();
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        assertArrayEquals(PCM, read(wav).slinLE());
    }

    @Test
    void stereoIsRefusedNamingFileAndChannels() {
        IOException e = refused(new WavBuilder().fmt(1, 2, 8000, 16).data(PCM).bytes());
        assertMessage(e, "hold.wav", "PCM 16-bit, 2 channels", "expected 16-bit PCM mono");
    }

    @Test
    void eightBitIsRefused() {
        assertMessage(refused(new WavBuilder().fmt(1, 1, 8000, 8).data(PCM).bytes()),
                "hold.wav", "PCM 8-bit, 1 channel", "expected 16-bit PCM mono");
    }

    @Test
    void floatIsRefused() {
        assertMessage(refused(new WavBuilder().fmt(3, 1, 8000, 32).data(PCM).bytes()),
                "hold.wav", "float 32-bit", "expected 16-bit PCM mono");
    }

    @Test
    void muLawWavIsRefused() {
        assertMessage(refused(new WavBuilder().fmt(7, 1, 8000, 8).data(PCM).bytes()),
                "hold.wav", "mu-law 8-bit", "expected 16-bit PCM mono");
    }

    @Test
    void truncatedDataIsRefusedWithClaimedAndPresentSizes() {
        byte[] wav = new WavBuilder().fmt(1, 1, 8000, 16).data(PCM).bytes();
        byte[] cut = Arrays.copyOf(wav, wav.length - 100);
        assertMessage(refused(cut), "hold.wav", "truncated", "\"data\" chunk claims 800 bytes, only 700 remain");
    }

    @Test
    void truncatedHeaderIsRefused() {
        byte[] wav = new WavBuilder().fmt(1, 1, 8000, 16).data(PCM).bytes();
        assertMessage(refused(Arrays.copyOf(wav, 30)), "hold.wav", "truncated", "\"fmt \" chunk claims 16 bytes");
        assertMessage(refused(Arrays.copyOf(wav, 8)), "hold.wav", "not a WAV file", "8 bytes in all");
    }

    @Test
    void nonRiffIsRefusedSayingWhatWasFound() {
        byte[] mp3 = "ID3\4\0\0\0\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        assertMessage(refused(mp3), "hold.wav", "not a WAV file", "expected a RIFF/WAVE header", "\"ID3?\"");
    }

    @Test
    void missingDataOrFmtIsRefused() {
        assertMessage(refused(new WavBuilder().fmt(1, 1, 8000, 16).bytes()), "hold.wav", "no data chunk");
        assertMessage(refused(new WavBuilder().data(PCM).bytes()), "hold.wav", "data chunk before its fmt");
        assertMessage(refused(new WavBuilder().chunk("fmt ", new byte[14]).data(PCM).bytes()),
                "hold.wav", "fmt chunk of 14 bytes");
    }

    @Test
    void writeRefusesHalfASample(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> Wav.write(dir.resolve("x.wav"), 8000, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Wav.write(dir.resolve("x.wav"), 0, new byte[2]));
    }

    private static Wav.Audio read(byte[] wav) throws IOException {
        return Wav.read(new ByteArrayInputStream(wav), "hold.wav");
    }

    private static IOException refused(byte[] wav) {
        return assertThrows(IOException.class, () -> read(wav));
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "\"" + e.getMessage() + "\" lacks \"" + p + "\"");
        }
    }

    /** Assembles RIFF/WAVE files chunk by chunk, padding odd chunks as RIFF requires. */
    private static final class WavBuilder {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        WavBuilder fmt(int format, int channels, int rate, int bits) {
            ByteBuffer f = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            int align = channels * bits / 8;
            f.putShort((short) format).putShort((short) channels).putInt(rate).putInt(rate * align)
                    .putShort((short) align).putShort((short) bits);
            return chunk("fmt ", f.array());
        }

        WavBuilder data(byte[] pcm) {
            return chunk("data", pcm);
        }

        WavBuilder chunk(String id, byte[] payload) {
            ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            h.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(payload.length);
            body.writeBytes(h.array());
            body.writeBytes(payload);
            if ((payload.length & 1) != 0) {
                body.write(0);
            }
            return this;
        }

        byte[] bytes() {
            ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.size())
                    .put("WAVE".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(h.array());
            all.writeBytes(body.toByteArray());
            return all.toByteArray();
        }
    }
}
