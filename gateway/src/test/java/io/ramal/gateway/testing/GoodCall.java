package io.ramal.gateway.testing;

import io.ramal.gateway.client.CallRunner;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check of a well-behaved call that runs beside misbehaving ones: every frame it sent came
 * back, except those the gateway's live playout trimmed and counted for that very call (its
 * {@code call ended} line's {@code overflows} and {@code dropped-out}), and those few. A loop that
 * runs late on a loaded test machine makes a burst the live buffer trims: policy, not a fault. A
 * stall caused by a bad peer costs dozens of frames and fails.
 */
public final class GoodCall {

    /**
     * At most this many frames may be trimmed: 300 ms of audio. A test machine running other
     * builds stalls a loop up to about 250 ms now and then (9 frames trimmed, seen at load 5 on two
     * cores); the stalls these tests guard against (a flipping or flooding peer) cost 50 and more.
     */
    public static final int MAX_TRIMMED = 15;

    private static final Pattern COUNTS = Pattern.compile(" overflows=(\\d+) dropped-out=(\\d+) ");

    private GoodCall() {
    }

    /** Captures the {@code call ended} lines; open it before the good call starts. */
    public static LogCapture calls() {
        return LogCapture.info("ramal.calls");
    }

    /** Asserts that {@code r} came back whole but for the frames its own end line says were trimmed. */
    public static void assertWhole(CallRunner.Result r, LogCapture calls) {
        String id = "call=" + r.id() + " ";
        Await.until(Duration.ofSeconds(5), () -> "the good call's end line, in " + calls.messages(),
                () -> calls.messages().stream().anyMatch(m -> m.contains(id)));
        String line = calls.messages().stream().filter(m -> m.contains(id)).findFirst().orElseThrow();
        Matcher m = COUNTS.matcher(line);
        assertTrue(m.find(), line);
        long trimmed = Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
        assertEquals(r.audioFramesSent(), r.echoedFrames() + trimmed,
                "every frame echoed or counted as trimmed: " + r.summary() + "; gateway: " + line);
        assertTrue(trimmed <= MAX_TRIMMED, "the good call is unaffected: " + r.summary() + "; gateway: " + line);
        assertTrue(!r.hangupReceived() && !r.closedByServer(), r.summary());
    }
}
