package io.ramal.gateway.prompt;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed prompt set loads, every prompt comes in whole frames, and a missing file is named. */
class PromptsTest {

    /** config/prompts of this checkout; tests run in the module's directory. */
    private static final Path SHIPPED = Path.of("..", "config", "prompts");

    @Test
    void theCommittedSetIsCompleteSmallAndEightKilohertz() throws IOException {
        Prompts p = Prompts.load(SHIPPED);
        long bytes = 0;
        for (String name : Prompts.names()) {
            Path f = SHIPPED.resolve(name + ".wav");
            Wav.Audio a = Wav.read(f);
            assertEquals(8000, a.sampleRate(), f + " is 8 kHz");
            assertTrue(a.millis() > 50 && a.millis() < 10_000, f + " lasts " + a.millis() + " ms");
            bytes += Files.size(f);
        }
        assertTrue(bytes < 1_000_000, "the set stays small: " + bytes + " bytes");
        byte[] hold = p.get(Prompt.HOLD, AudioFormat.SLIN_8K);
        assertEquals(0, hold.length % AudioFormat.SLIN_8K.frameBytes(), "whole frames");
        assertSame(hold, p.get(Prompt.HOLD, AudioFormat.SLIN_8K), "converted once");
        byte[] wide = p.number(7, AudioFormat.SLIN_16K);
        assertEquals(0, wide.length % AudioFormat.SLIN_16K.frameBytes());
        double ratio = (double) wide.length / p.number(7, AudioFormat.SLIN_8K).length;
        assertTrue(ratio > 1.9 && ratio < 2.1, "16 kHz holds twice the bytes, was " + ratio);
        assertEquals(p.get(Prompt.CONNECTING, AudioFormat.SLIN_8K).length,
                p.silenceLike(Prompt.CONNECTING, AudioFormat.SLIN_8K).length);
    }

    @Test
    void aMissingPromptStopsStartUpNamingTheFile(@TempDir Path tmp) throws IOException {
        for (String name : Prompts.names()) {
            if (!name.equals("numero-13")) {
                Files.copy(SHIPPED.resolve(name + ".wav"), tmp.resolve(name + ".wav"));
            }
        }
        IOException e = assertThrows(IOException.class, () -> Prompts.load(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve("numero-13.wav").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is missing") && e.getMessage().contains("deploy/prompts.sh"), e.getMessage());

        Wav.write(tmp.resolve("numero-13.wav"), 8000, new byte[0]);
        e = assertThrows(IOException.class, () -> Prompts.load(tmp));
        assertTrue(e.getMessage().contains("numero-13.wav holds no audio"), e.getMessage());
    }
}
