package io.ramal.gateway.board;

import io.ramal.gateway.queue.match.QueueBoard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the wallboard and {@code ramal status} show, at one moment: the gateway's health,
 * calls now per mode, every extension, and every queue with who waits, what each attendant does,
 * today's figures and the last hour of waiting callers. Serialized as the JSON of
 * {@code /board.json} and of each {@code /board/events} message.
 *
 * @param at         when it was taken
 * @param version    the gateway's version
 * @param health     the verdict and the loops' state
 * @param callsTotal calls in progress
 * @param callsByMode calls in progress per mode ({@code echo}, {@code queue}, {@code agent}, {@code ai})
 * @param extensions every extension
 * @param queues     every queue
 */
public record BoardSnapshot(Instant at, String version, Health health, int callsTotal, Map<String, Integer> callsByMode,
                            List<Extension> extensions, List<Queue> queues) {

    /**
     * @param status            {@code UP} or {@code DOWN}, as {@code /health} says
     * @param lagMs             the event loops' worst tick lateness in the last second
     * @param pacerSkippedTicks ticks skipped since start because a loop ran late
     * @param refused           connections refused since start, every reason
     * @param refusedNotAllowed of which from a source outside the allowlist
     * @param refusedBusy       of which over {@code max-calls}
     * @param storeKind         {@code file} or {@code postgres}
     * @param storeUp           whether the extension store answers
     */
    public record Health(String status, double lagMs, long pacerSkippedTicks, long refused, long refusedNotAllowed,
                         long refusedBusy, String storeKind, boolean storeUp) {
    }

    /** One extension: its line, its state and its calls now. */
    public record Extension(String ramal, String address, String mode, String state, String reason, int active) {
    }

    /**
     * One queue.
     *
     * @param name          the queue
     * @param waiting       callers waiting, in serving order
     * @param longestWaitMs the longest current wait
     * @param attendants    who is logged in, and doing what
     * @param free          attendants free
     * @param busy          attendants talking
     * @param paused        attendants paused
     * @param wrapUp        attendants in wrap-up
     * @param today         today's figures, from the call records
     * @param history       the most callers waiting at once in each of the last 60 minutes, oldest first
     */
    public record Queue(String name, List<QueueBoard.Waiting> waiting, long longestWaitMs,
                        List<QueueBoard.Member> attendants, int free, int busy, int paused, int wrapUp, Today today,
                        List<Integer> history) {
    }

    /**
     * Today's figures of a queue (the day in the gateway's zone), as {@code ramal report queues} counts them.
     *
     * @param offered       callers who entered
     * @param answered      callers connected
     * @param abandoned     callers who hung up waiting
     * @param overflowed    callers sent on
     * @param asaSeconds    average speed of answer, null when none answered
     * @param serviceLevel  answered within the threshold over callers whose wait ended, null when none
     * @param thresholdSeconds the queue's {@code service-level-seconds}
     * @param error         why the figures could not be read (they are then the last ones read), or null
     */
    public record Today(long offered, long answered, long abandoned, long overflowed, Double asaSeconds,
                        Double serviceLevel, Integer thresholdSeconds, String error) {

        static final Today NONE = new Today(0, 0, 0, 0, null, null, null, null);
    }
}
