package io.ramal.gateway.queue.match;

import java.time.Duration;
import java.time.Instant;

/**
 * One queue at one moment, for the status log and {@code /metrics}: what is happening now,
 * what happened since the last report (the period, reset by {@code snapshot(true)}: the status
 * log's figures), and running totals since start (the counters and sums {@code /metrics} serves,
 * from which a monitoring system computes speed of answer and service level over any window, idle
 * or not).
 *
 * @param queue                 the queue's name
 * @param waiting               callers waiting now
 * @param attendantsFree        attendants ready for a caller
 * @param attendantsBusy        attendants in a conversation (or being connected)
 * @param attendantsPaused      attendants paused by DTMF
 * @param attendantsWrapUp      attendants resting after a conversation
 * @param longestWait           the longest current wait, zero when nobody waits
 * @param periodStart           when the period began
 * @param answered              callers connected in the period
 * @param abandoned             callers who hung up while waiting, in the period
 * @param overflowed            callers sent to the overflow (max wait, full, no attendant), in the period
 * @param averageSpeedOfAnswer  mean wait of the callers answered in the period, zero when none
 * @param serviceLevel          of the callers whose wait ended in the period (answered, abandoned
 *                              or overflowed), the share answered within {@code serviceLevelThreshold};
 *                              NaN when none
 * @param serviceLevelThreshold the queue's {@code service-level-seconds}
 * @param answeredTotal         since start
 * @param answeredWithinTotal   callers answered within the threshold in force when they were answered, since
 *                              start
 * @param answeredWaitTotal     the summed waits of the callers answered since start: with
 *                              {@code answeredTotal}, any window's average speed of answer
 * @param abandonedTotal        since start
 * @param overflowedTotal       since start
 * @param completedTotal        conversations ended by either side, since start
 * @param requeuedTotal         callers put back at the head because their attendant hung up, since start
 */
public record QueueStats(String queue, int waiting, int attendantsFree, int attendantsBusy, int attendantsPaused,
                         int attendantsWrapUp, Duration longestWait, Instant periodStart, long answered,
                         long abandoned, long overflowed, Duration averageSpeedOfAnswer, double serviceLevel,
                         Duration serviceLevelThreshold, long answeredTotal, long answeredWithinTotal,
                         Duration answeredWaitTotal, long abandonedTotal,
                         long overflowedTotal, long completedTotal, long requeuedTotal) {

    /** Attendants logged in, whatever their state. */
    public int attendants() {
        return attendantsFree + attendantsBusy + attendantsPaused + attendantsWrapUp;
    }

    /** One line for the status log. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "queue=%s waiting=%d attendants-free=%d busy=%d paused=%d wrap-up=%d longest-wait-s=%d "
                        + "answered=%d abandoned=%d overflowed=%d asa-s=%.1f service-level=%s",
                queue, waiting, attendantsFree, attendantsBusy, attendantsPaused, attendantsWrapUp,
                longestWait.toSeconds(), answered, abandoned, overflowed, averageSpeedOfAnswer.toMillis() / 1000.0,
                Double.isNaN(serviceLevel) ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%<%ds",
                        serviceLevel * 100, serviceLevelThreshold.toSeconds()));
    }
}
