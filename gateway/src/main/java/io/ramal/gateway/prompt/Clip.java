package io.ramal.gateway.prompt;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Resampler;
import io.ramal.audio.Wav;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One recorded prompt, ready to play at any call's rate: the WAV's audio converted once per
 * sample rate, cached, and padded with silence to whole 20 ms frames, so that a handler can feed
 * the playout buffer one frame at a time and a short prompt never leaves a partial frame behind.
 * The queue's announcements ({@link Prompts}) and the AI fallback prompt both play through it;
 * this is the one place a WAV becomes call audio.
 *
 * <p>Thread-safe; the returned arrays are shared and must not be modified.
 */
public final class Clip {

    private final Wav.Audio audio;
    private final Map<Integer, byte[]> byRate = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> silenceByRate = new ConcurrentHashMap<>();

    /** A clip of {@code audio} (16-bit mono PCM at its own rate). */
    public Clip(Wav.Audio audio) {
        this.audio = Objects.requireNonNull(audio, "audio");
    }

    /** The audio as read. */
    public Wav.Audio audio() {
        return audio;
    }

    /** The clip at {@code format}'s rate, in whole frames; converted on first use per rate. */
    public byte[] at(AudioFormat format) {
        return byRate.computeIfAbsent(format.sampleRate(), r -> convert(audio, format));
    }

    /** Silence as long as {@link #at} for {@code format}. */
    public byte[] silenceAt(AudioFormat format) {
        int length = at(format).length; // outside: no nested update of a cache
        return silenceByRate.computeIfAbsent(format.sampleRate(), r -> new byte[length]);
    }

    /** {@code audio} at {@code format}'s rate, padded with silence to whole frames (at least one). */
    public static byte[] convert(Wav.Audio audio, AudioFormat format) {
        byte[] pcm = audio.slinLE();
        int n = pcm.length & ~1;
        if (audio.sampleRate() != format.sampleRate()) {
            Resampler r = new Resampler(audio.sampleRate(), format.sampleRate());
            byte[] out = new byte[r.maxOutputBytes(n)];
            n = r.process(pcm, 0, n, out, 0);
            pcm = out;
        }
        int fb = format.frameBytes();
        int frames = Math.max(1, (n + fb - 1) / fb);
        return Arrays.copyOf(pcm, frames * fb); // copyOf pads with zeros: silence
    }
}
