package io.ramal.gateway.client;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.codec.AudioSocketKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays one call the way Asterisk would: sends the id, streams audio in 20 ms frames paced
 * against absolute deadlines, sends DTMF digits at given times, keeps streaming silence until
 * the call's length, then hangs up (closes) and reports what came back: frames each way (audio
 * and silence), how many of the audio frames sent came back unchanged (for echo lines), time to
 * first audio and the spacing of arriving frames. The engine of {@code ramal call}; tests use it too.
 */
public final class CallRunner {

    /** What to do: where, how long, what to send. */
    public record Plan(InetSocketAddress target, UUID id, AudioFormat format, byte[] audio, Duration length,
                       Map<Duration, Character> dtmf, Duration tail) {

        public Plan {
            dtmf = new TreeMap<>(dtmf);
        }
    }

    /**
     * What happened. Frames are audio frames, each way counted as {@code audio} (any sample not
     * zero) plus {@code silence} (all zero), so the parts add up to the whole; the hangup frame
     * and other kinds are not frames of the call's audio and show as {@link #hangupReceived}.
     * {@code echoedFrames} counts the audio frames sent that came back unchanged.
     */
    public record Result(UUID id, long framesSent, long audioFramesSent, long framesReceived,
                         long audioFramesReceived, long echoedFrames, double firstAudioMs, double gapP50Ms,
                         double gapP99Ms, double gapMaxMs, boolean hangupReceived, boolean closedByServer,
                         byte[] recorded) {

        /** Frames sent that were all silence (the tone or WAV ran out before the call did). */
        public long silentFramesSent() {
            return framesSent - audioFramesSent;
        }

        /** Frames received that were all silence (the line had nothing to play). */
        public long silentFramesReceived() {
            return framesReceived - audioFramesReceived;
        }

        /** True when every audio frame sent came back unchanged. */
        public boolean allEchoed() {
            return audioFramesSent > 0 && echoedFrames == audioFramesSent;
        }

        /**
         * The line {@code ramal call} prints, e.g. {@code call ID: sent 150 frames (150 audio, 0
         * silence), received 175 frames (150 audio, 25 silence), echoed 150/150, first audio 25.7 ms,
         * arrival gap p50 20.0 ms p99 34.9 ms max 41.4 ms}.
         */
        public String summary() {
            return String.format(Locale.ROOT, "call %s: sent %d frames (%d audio, %d silence), received %d frames"
                            + " (%d audio, %d silence), echoed %d/%d, first audio %s, arrival gap p50 %.1f ms p99 %.1f ms"
                            + " max %.1f ms%s%s",
                    id, framesSent, audioFramesSent, silentFramesSent(), framesReceived, audioFramesReceived,
                    silentFramesReceived(), echoedFrames, audioFramesSent,
                    firstAudioMs < 0 ? "none" : String.format(Locale.ROOT, "%.1f ms", firstAudioMs),
                    gapP50Ms, gapP99Ms, gapMaxMs,
                    hangupReceived ? ", hangup received" : "", closedByServer ? ", closed by server" : "");
        }
    }

    private CallRunner() {
    }

    /** Runs the call; blocks for its length plus the tail. */
    public static Result run(Plan plan) throws IOException, InterruptedException {
        AudioSocketKind kind = AudioSocketKind.of(plan.format());
        int frameBytes = plan.format().frameBytes();
        long frames = plan.length().toMillis() / AudioFormat.FRAME_MILLIS;
        Map<Integer, Integer> sentHashes = new HashMap<>();
        long audioSent = 0;
        long sent = 0;
        long firstSendNanos;
        List<Map.Entry<Duration, Character>> digits = new ArrayList<>(plan.dtmf().entrySet());
        int nextDigit = 0;
        AudioSocketClient client;
        try {
            client = AudioSocketClient.connect(plan.target(), Duration.ofSeconds(2));
        } catch (IOException e) {
            throw new IOException("cannot connect to " + plan.target().getHostString() + ":" + plan.target().getPort()
                    + ": " + e.getMessage(), e);
        }
        try (AudioSocketClient c = client) {
            c.sendId(plan.id());
            byte[] frame = new byte[frameBytes];
            long start = System.nanoTime();
            firstSendNanos = start;
            for (long i = 0; i < frames && !c.isClosedByServer(); i++) {
                long deadline = start + i * 20_000_000L;
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int off = (int) (i * frameBytes);
                Arrays.fill(frame, (byte) 0);
                if (plan.audio() != null && off < plan.audio().length) {
                    System.arraycopy(plan.audio(), off, frame, 0, Math.min(frameBytes, plan.audio().length - off));
                }
                try {
                    c.sendAudio(kind, frame, 0, frameBytes);
                } catch (IOException e) {
                    break; // counted only once written, so the audio sent is never more than the frames sent
                }
                sent++;
                if (!isSilence(frame)) {
                    audioSent++;
                    sentHashes.merge(Arrays.hashCode(frame), 1, Integer::sum);
                }
                long at = i * AudioFormat.FRAME_MILLIS;
                while (nextDigit < digits.size() && digits.get(nextDigit).getKey().toMillis() <= at) {
                    c.sendDtmf(digits.get(nextDigit++).getValue());
                }
            }
            // Let the last frames come back before hanging up, as a caller listens to the end.
            long tailEnd = System.nanoTime() + plan.tail().toNanos();
            while (System.nanoTime() < tailEnd && !c.isClosedByServer()) {
                LockSupport.parkNanos(5_000_000L);
            }
            boolean closedByServer = c.isClosedByServer();
            c.close();
            c.awaitClosed(Duration.ofSeconds(2));
            return summarize(plan, c.received().toArray(new AudioSocketClient.Frame[0]), sent, audioSent,
                    sentHashes, firstSendNanos, closedByServer, c.hangupReceived());
        }
    }

    private static Result summarize(Plan plan, AudioSocketClient.Frame[] got, long sent, long audioSent,
                                    Map<Integer, Integer> sentHashes, long firstSendNanos, boolean closedByServer,
                                    boolean hangup) {
        long received = 0;
        long audio = 0;
        long echoed = 0;
        double firstAudio = -1;
        long prev = -1;
        List<Double> gaps = new ArrayList<>();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        for (AudioSocketClient.Frame f : got) {
            if (!f.isAudio()) {
                continue;
            }
            received++;
            rec.write(f.payload(), 0, f.payload().length);
            if (prev >= 0) {
                gaps.add((f.arrivalNanos() - prev) / 1e6);
            }
            prev = f.arrivalNanos();
            if (f.isSilence()) {
                continue;
            }
            audio++;
            if (firstAudio < 0) {
                firstAudio = (f.arrivalNanos() - firstSendNanos) / 1e6;
            }
            Integer left = sentHashes.get(Arrays.hashCode(f.payload()));
            if (left != null && left > 0) {
                echoed++;
                sentHashes.put(Arrays.hashCode(f.payload()), left - 1);
            }
        }
        double[] g = gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(plan.id(), sent, audioSent, received, audio, echoed, firstAudio,
                percentile(g, 50), percentile(g, 99), g.length == 0 ? 0 : g[g.length - 1], hangup, closedByServer,
                rec.toByteArray());
    }

    /** The {@code p}th percentile of sorted values (nearest rank), 0 when empty. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static boolean isSilence(byte[] frame) {
        for (byte b : frame) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
