package io.ramal.gateway.ai;

import io.ramal.audio.Wav;
import io.ramal.gateway.prompt.Clip;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The fallback prompts: WAV files read once, off the event loops, on a thread of their own
 * ({@code ramal-ai-prompts}), the first time an extension naming them takes a call. Each becomes a
 * {@link Clip} of the prompt library, which converts it to the call's rate; an extension naming
 * none (or a file that cannot be read, which is logged once) gets the library's
 * {@link io.ramal.gateway.prompt.Tones#fallback tone}.
 *
 * <p>Thread-safe.
 */
final class Prompts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Prompts.class);

    private final Path home;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(new DefaultThreadFactory("ramal-ai-prompts", true));
    private final Map<String, CompletableFuture<Clip>> files = new ConcurrentHashMap<>();

    /** @param home where relative prompt paths are resolved */
    Prompts(Path home) {
        this.home = home;
    }

    /** The prompt at {@code path}, loading it on first use; completes with null when unreadable. */
    CompletableFuture<Clip> get(String path) {
        return files.computeIfAbsent(path, p -> CompletableFuture.supplyAsync(() -> load(p), loader));
    }

    private Clip load(String path) {
        Path file = home.resolve(path);
        try {
            Wav.Audio a = Wav.read(file);
            LOG.info("ai fallback prompt loaded file={} rate={} ms={}", file, a.sampleRate(), Math.round(a.millis()));
            return new Clip(a);
        } catch (Exception e) {
            LOG.warn("ai fallback prompt unreadable, the tone plays instead file={} cause=\"{}\"", file, e.getMessage());
            return null;
        }
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
