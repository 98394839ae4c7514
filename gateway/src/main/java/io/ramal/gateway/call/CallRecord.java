package io.ramal.gateway.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What is written down when a call ends, for reports and audit: one row of {@code call_records}
 * (or one line of the day's JSON-lines file without a database). Built once, on the call's event
 * loop, from the call's {@link CallTrace} and counters; immutable after.
 *
 * @param callId     the AudioSocket call id; the record's key (writing it twice keeps one)
 * @param extension  the ramal the call dialled
 * @param mode       the extension's mode when the call started
 * @param remote     Asterisk's address as {@code host:port}
 * @param startedAt  when the call identified itself
 * @param answeredAt when it was answered: an attendant connected (queue), or at start for the modes that
 *                   answer at once; null when never (abandoned, overflowed)
 * @param endedAt    when it ended
 * @param waitMs     time in a queue before an attendant connected or the caller left; 0 outside queues
 * @param talkMs     time from answer to end; 0 when never answered
 * @param attendant  the call id of the attendant who answered last (queue callers), or null
 * @param queue      the queue the caller waited in (the last one), or the attendant's first queue; null elsewhere
 * @param agentUrl   the AI agent's URL without credentials, user info or query; null for other modes
 * @param outcome    {@code completed}, {@code answered}, {@code abandoned}, {@code overflowed},
 *                   {@code transferred} or {@code failed}
 * @param endReason  why the connection ended ({@link EndReason#label()})
 * @param hangupSide who ended it: {@code caller}, {@code attendant}, {@code agent} or {@code gateway}
 * @param framesIn   audio frames from the caller
 * @param framesOut  audio frames to the caller (silence included)
 * @param underruns  gaps in the outgoing stream
 * @param transfers  the ramais the call was transferred to, in order
 */
public record CallRecord(UUID callId, String extension, String mode, String remote, Instant startedAt,
                         Instant answeredAt, Instant endedAt, long waitMs, long talkMs, UUID attendant,
                         String queue, String agentUrl, String outcome, String endReason, String hangupSide,
                         long framesIn, long framesOut, long underruns, List<String> transfers) {

    public CallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(endReason, "endReason");
        Objects.requireNonNull(hangupSide, "hangupSide");
        transfers = transfers == null ? List.of() : List.copyOf(transfers);
    }
}
