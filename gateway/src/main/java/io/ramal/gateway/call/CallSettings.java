package io.ramal.gateway.call;

import io.ramal.audio.AudioFormat;
import io.ramal.extensions.ConfigSection;

import java.time.Duration;
import java.util.Map;

/**
 * How every call is run: the {@code call:} section of ramal.yaml.
 *
 * @param handshakeTimeout     time for the id frame to arrive after connect
 * @param idleTimeout          hang up when the caller sends no audio this long (DTMF and other
 *                             frames do not count); zero disables
 * @param silenceWhenIdle      send silence frames when there is nothing to play, keeping
 *                             Asterisk's 2 s inactivity timer happy
 * @param playoutStartFrames   frames queued before playout starts (jitter allowance)
 * @param playoutPrime         how long fewer frames wait before they play anyway
 * @param playoutCapacity      most audio queued for bursty producers (an AI agent)
 * @param livePlayoutCapacity  most audio queued for live talkers (echo, a bridged partner)
 * @param hangupGrace          after sending the hangup frame, how long to wait for it to leave
 *                             before the socket is closed regardless
 * @param maxDuration          hang up a call that has lasted this long; zero disables
 * @param writeStallTimeout    hang up a caller that has not read what we sent (its socket stayed
 *                             above the write-buffer high watermark) this long; zero disables
 * @param maxFormatChangesPerSecond  a caller whose audio kind changes more often than this in
 *                             any one second is hung up ({@code format-flapping}); zero disables
 */
public record CallSettings(Duration handshakeTimeout, Duration idleTimeout, boolean silenceWhenIdle,
                           int playoutStartFrames, Duration playoutPrime, Duration playoutCapacity,
                           Duration livePlayoutCapacity, Duration hangupGrace, Duration maxDuration,
                           Duration writeStallTimeout, int maxFormatChangesPerSecond) {

    /** The documented defaults. */
    public static final CallSettings DEFAULTS = from(Map.of());

    public CallSettings {
        requireNotNegative("max-duration", maxDuration);
        requireNotNegative("write-stall-timeout", writeStallTimeout);
        if (playoutStartFrames * (long) AudioFormat.FRAME_MILLIS > livePlayoutCapacity.toMillis()) {
            throw new IllegalArgumentException("call.playout-start-frames=" + playoutStartFrames
                    + " is more than call.live-playout-capacity (" + livePlayoutCapacity.toMillis()
                    + " ms) holds");
        }
    }

    /** Reads the {@code call:} section; missing keys take their defaults. */
    public static CallSettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("call", values);
        Duration max = Duration.ofHours(24);
        CallSettings c = new CallSettings(
                s.duration("handshake-timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5)),
                s.duration("idle-timeout", Duration.ofSeconds(10), Duration.ZERO, max),
                s.bool("silence-when-idle", true),
                s.integer("playout-start-frames", 2, 1, 50),
                s.duration("playout-prime", Duration.ofMillis(60), Duration.ZERO, Duration.ofSeconds(5)),
                s.duration("playout-capacity", Duration.ofSeconds(120), Duration.ofMillis(20), Duration.ofMinutes(30)),
                s.duration("live-playout-capacity", Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofSeconds(10)),
                s.duration("hangup-grace", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)),
                s.duration("max-duration", Duration.ZERO, Duration.ZERO, Duration.ofDays(7)),
                s.duration("write-stall-timeout", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10)),
                s.integer("max-format-changes-per-second", 4, 0, 1000));
        s.finish();
        return c;
    }

    private static void requireNotNegative(String key, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("call." + key + "=" + d + " is invalid, allowed: a duration >= 0 (0 = off)");
        }
    }

    /** {@link #playoutCapacity} in 20 ms frames. */
    public int playoutCapacityFrames() {
        return frames(playoutCapacity);
    }

    /** {@link #livePlayoutCapacity} in 20 ms frames. */
    public int livePlayoutCapacityFrames() {
        return frames(livePlayoutCapacity);
    }

    /** {@link #playoutPrime} in 20 ms ticks. */
    public int playoutPrimeTicks() {
        return (int) (playoutPrime.toMillis() / AudioFormat.FRAME_MILLIS);
    }

    private static int frames(Duration d) {
        return (int) Math.max(1, d.toMillis() / AudioFormat.FRAME_MILLIS);
    }
}
