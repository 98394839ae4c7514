package io.ramal.gateway.prompt;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Wav;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue's announcements: every {@link Prompt} and number, read once at start from the
 * prompts directory. A missing or unplayable file fails the load with an error naming it (the
 * gateway then refuses queue and agent extensions with that reason and serves the rest). Each call gets the audio at its own
 * rate through its {@link Clip}: converted once per rate, cached, in whole 20 ms frames, so
 * handlers feed the playout buffer one frame at a time.
 *
 * <p>Thread-safe; the returned arrays are shared and must not be modified.
 */
public final class Prompts {

    private final Path dir;
    private final Map<String, Clip> files;

    private Prompts(Path dir, Map<String, Clip> files) {
        this.dir = dir;
        this.files = files;
    }

    /**
     * Reads every prompt in {@code dir}.
     *
     * @throws IOException naming the first file that is missing, empty or not 16-bit mono PCM
     */
    public static Prompts load(Path dir) throws IOException {
        Map<String, Clip> files = new LinkedHashMap<>();
        for (String name : names()) {
            Path f = dir.resolve(name + ".wav");
            Wav.Audio a;
            try {
                a = Wav.read(f);
            } catch (NoSuchFileException e) {
                throw new IOException("queue prompt " + f.toAbsolutePath() + " is missing"
                        + (Files.isDirectory(dir) ? "" : " (the prompts directory does not exist)")
                        + "; regenerate the set with deploy/prompts.sh", e);
            }
            if (a.slinLE().length < 2) {
                throw new IOException("queue prompt " + f.toAbsolutePath() + " holds no audio");
            }
            files.put(name, new Clip(a));
        }
        return new Prompts(dir, files);
    }

    /** Every file name (without {@code .wav}) the queue needs. */
    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (Prompt p : Prompt.values()) {
            n.add(p.file());
        }
        for (int i = 1; i <= Prompt.MAX_NUMBER; i++) {
            n.add(Prompt.numberFile(i));
        }
        return n;
    }

    /** Where the prompts were read from. */
    public Path dir() {
        return dir;
    }

    /** {@code p} at {@code format}'s rate, in whole frames. */
    public byte[] get(Prompt p, AudioFormat format) {
        return get(p.file(), format);
    }

    /** The number {@code n} (1..{@link Prompt#MAX_NUMBER}) at {@code format}'s rate, in whole frames. */
    public byte[] number(int n, AudioFormat format) {
        return get(Prompt.numberFile(n), format);
    }

    /** Silence as long as {@code p} at {@code format}'s rate. */
    public byte[] silenceLike(Prompt p, AudioFormat format) {
        return files.get(p.file()).silenceAt(format);
    }

    private byte[] get(String name, AudioFormat format) {
        return files.get(name).at(format);
    }
}
