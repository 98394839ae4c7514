package io.ramal.bench;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ai} scenario: every call is a caller of an AI line who speaks in turns
 * ({@link AiCall}). A turn is {@code talk} of voiced frames, each carrying a {@link VoiceStamp};
 * an agent that answers a turn by playing it back (the demo agent, {@code ramal ai-demo}, after its
 * 700 ms of silence detection) sends those frames home through the gateway, so loss is counted
 * frame by frame and turn latency is read where the caller hears it.
 *
 * <p>Callers' first turns are spread over one turn cycle, so that the calls do not speak in step.
 */
final class AiLoad extends Workload {

    /** Voiced audio under the stamp: a 430 Hz tone at -12 dBFS, well above any agent's speech threshold. */
    private static final double TONE_HZ = 430;
    private static final double TONE_LEVEL = 0.25;
    /** Time a caller gives the agent's greeting before speaking anyway. */
    static final long GREETING_WAIT_NANOS = TimeUnit.SECONDS.toNanos(4);
    /** Time a reply may take to begin and end after the turn before it is given up on. */
    static final long REPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final double GOLDEN = 0.6180339887498949;

    final int talkFrames;
    final long pauseNanos;
    private final Duration talk;
    private final Duration pause;
    /** One voiced frame, header included; the stamp replaces its first samples. */
    final byte[] voiced;
    /** One frame of digital silence, header included. */
    final byte[] silence;
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);

    AiLoad(Duration talk, Duration pause) {
        long frames = talk.toMillis() / AudioFormat.FRAME_MILLIS;
        if (frames < 5 || frames > VoiceStamp.MAX_FRAME + 1) {
            throw new IllegalArgumentException("--talk=" + talk.toMillis() / 1000.0 + " is invalid, allowed: 0.1 to "
                    + (VoiceStamp.MAX_FRAME + 1) * AudioFormat.FRAME_MILLIS / 1000.0 + " seconds");
        }
        if (pause.isNegative() || pause.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("--pause=" + pause.toMillis() / 1000.0
                    + " is invalid, allowed: 0 to 60 seconds");
        }
        this.talk = talk;
        this.pause = pause;
        this.talkFrames = (int) frames;
        this.pauseNanos = pause.toNanos();
        int n = AudioFormat.SLIN_8K.frameBytes();
        voiced = new byte[AudioSocketHeader.BYTES + n];
        AudioSocketHeader.write(voiced, 0, AudioSocketKind.AUDIO_8K, n);
        new Tone(AudioFormat.SLIN_8K, TONE_HZ, TONE_LEVEL).fillFrame(voiced, AudioSocketHeader.BYTES);
        silence = new byte[AudioSocketHeader.BYTES + n];
        AudioSocketHeader.write(silence, 0, AudioSocketKind.AUDIO_8K, n);
    }

    @Override
    public String mode() {
        return "ai";
    }

    @Override
    LoadLeg[] legs(LoadGenerator gen, LoadPlan plan) {
        LoadLeg[] legs = new LoadLeg[plan.calls()];
        long cycle = (talkFrames * (long) AudioFormat.FRAME_MILLIS + pause.toMillis() + 1000) * 1_000_000L;
        for (int i = 0; i < legs.length; i++) {
            long delay = TimeUnit.SECONDS.toNanos(1) + (long) ((i * GOLDEN) % 1.0 * cycle);
            legs[i] = new AiCall(gen, this, i, address(plan.target().host(), plan.target().portOf(i)),
                    LoadGenerator.bucketOf(i), delay);
        }
        return legs;
    }

    @Override
    boolean ticksAfterSending() {
        return true;
    }

    @Override
    boolean awaiting(LoadGenerator gen, LoadLeg[] legs) {
        long now = System.nanoTime();
        for (LoadLeg l : legs) {
            if (l.state == LoadLeg.State.ACTIVE && ((AiCall) l).awaitingReply(now)) {
                return true;
            }
        }
        return false;
    }

    /** A turn's latency, on the loop. */
    void turnLatency(long nanos) {
        latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(0, nanos / 1000)));
    }

    @Override
    LoadResult finish(LoadResult r, LoadLeg[] legs) {
        long turns = 0;
        long answered = 0;
        long complete = 0;
        for (LoadLeg l : legs) {
            AiCall c = (AiCall) l;
            turns += c.turns;
            answered += c.answered;
            complete += c.complete;
        }
        return r.with(new TurnFigures(talk.toMillis() / 1000.0, pause.toMillis() / 1000.0, turns, answered, complete,
                Dist.ofMicros(latency)), null);
    }
}
