package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Resampler;
import io.ramal.audio.Tone;
import io.ramal.audio.Wav;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The fallback prompts: WAV files read once, off the event loops, on a thread of their own
 * ({@code ramal-ai-prompts}), the first time an extension naming them takes a call; and the tone
 * played when an extension names none (or its file cannot be read, which is logged once).
 *
 * <p>Thread-safe.
 */
final class Prompts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Prompts.class);

    private final Path home;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(new DefaultThreadFactory("ramal-ai-prompts", true));
    private final Map<String, CompletableFuture<Wav.Audio>> files = new ConcurrentHashMap<>();

    /** @param home where relative prompt paths are resolved */
    Prompts(Path home) {
        this.home = home;
    }

    /** The prompt at {@code path}, loading it on first use; completes with null when unreadable. */
    CompletableFuture<Wav.Audio> get(String path) {
        return files.computeIfAbsent(path, p -> CompletableFuture.supplyAsync(() -> load(p), loader));
    }

    private Wav.Audio load(String path) {
        Path file = home.resolve(path);
        try {
            Wav.Audio a = Wav.read(file);
            LOG.info("ai fallback prompt loaded file={} rate={} ms={}", file, a.sampleRate(), Math.round(a.millis()));
            return a;
        } catch (Exception e) {
            LOG.warn("ai fallback prompt unreadable, the tone plays instead file={} cause=\"{}\"", file, e.getMessage());
            return null;
        }
    }

    /** {@code audio} as slin at {@code format}'s rate. */
    static byte[] convert(Wav.Audio audio, AudioFormat format) {
        if (audio.sampleRate() == format.sampleRate()) {
            return audio.slinLE();
        }
        Resampler r = new Resampler(audio.sampleRate(), format.sampleRate());
        byte[] in = audio.slinLE();
        byte[] out = new byte[r.maxOutputBytes(in.length)];
        int n = r.process(in, 0, in.length & ~1, out, 0);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** The default fallback prompt: three falling beeps, about one second. */
    static byte[] tone(AudioFormat format) {
        double[] hz = {880, 660, 440};
        int beep = format.sampleRate() / 4 * 2;       // 250 ms
        int gap = format.sampleRate() / 10 * 2;       // 100 ms
        byte[] out = new byte[hz.length * (beep + gap)];
        for (int i = 0; i < hz.length; i++) {
            byte[] b = Tone.beep(format, hz[i], 0.3, Duration.ofMillis(250));
            System.arraycopy(b, 0, out, i * (beep + gap), Math.min(b.length, beep));
        }
        return out;
    }

    @Override
    public void close() {
        loader.shutdownNow();
        try {
            loader.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
