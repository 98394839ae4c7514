package io.ramal.gateway.call;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the handlers of one call tell about it as it goes (the queue it waited in, when an
 * attendant answered, the AI agent it talked to, transfers, who hung up), turned into its
 * {@link CallRecord} when it ends. A handler that says nothing gets a record from the call's
 * own facts: answered at start, outcome from the end reason.
 *
 * <p>Confined to the call's event loop, like the handlers that write it.
 */
public final class CallTrace {

    private String queue;
    private Instant queuedAt;
    private Instant answeredAt;
    private UUID attendant;
    private boolean attendantLine;
    private boolean overflowed;
    private String agentUrl;
    private String hangupSide;
    private final List<String> transfers = new ArrayList<>(1);

    /** The caller entered {@code queue} (the first entry starts the wait; an overflow's next queue keeps it). */
    public void queued(String queue, Instant at) {
        this.queue = queue;
        if (queuedAt == null) {
            queuedAt = at;
        }
    }

    /** An attendant ({@code attendant}, its call id) answered the caller; the first answer ends the wait. */
    public void answered(Instant at, UUID attendant) {
        if (answeredAt == null) {
            answeredAt = at;
        }
        this.attendant = attendant;
    }

    /** When an attendant first answered, or null. */
    public Instant answeredAt() {
        return answeredAt;
    }

    /** The call id of the attendant who answered last, or null. */
    public UUID attendant() {
        return attendant;
    }

    /** This call is an attendant's line, logged in to {@code firstQueue} (and maybe others). */
    public void attendantLine(String firstQueue) {
        attendantLine = true;
        queue = firstQueue;
    }

    /** The queue could not keep the caller: it went to an overflow target or heard goodbye. */
    public void overflowed() {
        overflowed = true;
    }

    /** The call talks to the AI agent at {@code redactedUrl} (no credentials, user info or query). */
    public void agent(String redactedUrl) {
        agentUrl = redactedUrl;
    }

    /** Who ends the call, when a handler knows better than the end reason: {@code attendant} or {@code agent}. */
    public void hungUpBy(String side) {
        hangupSide = side;
    }

    /** The call was handed to ramal {@code target}. */
    void transferredTo(String target) {
        transfers.add(target);
    }

    /** The record of the call, ending now for {@code reason}, with its counters. */
    CallRecord toRecord(Call call, Instant endedAt, EndReason reason, long framesIn, long framesOut,
                        long underruns) {
        boolean caller = queuedAt != null && !attendantLine;
        Instant answered = caller ? answeredAt : call.startedAt();
        long waitMs = caller ? millis(queuedAt, answered != null ? answered : endedAt) : 0;
        long talkMs = answered == null ? 0 : millis(answered, endedAt);
        return new CallRecord(call.id(), call.extension().ramal(), call.extension().mode().wireName(),
                address(call.remote()), call.startedAt(), answered, endedAt, waitMs, talkMs,
                caller ? attendant : null, queue, agentUrl, outcome(caller, reason), reason.label(),
                hangupSide != null ? hangupSide : reason == EndReason.REMOTE_HANGUP ? "caller" : "gateway",
                framesIn, framesOut, underruns, transfers);
    }

    private String outcome(boolean caller, EndReason reason) {
        if (caller) {
            return answeredAt != null ? "answered" : overflowed ? "overflowed" : "abandoned";
        }
        if (!transfers.isEmpty()) {
            return "transferred";
        }
        return switch (reason) {
            case REMOTE_HANGUP, LOCAL_HANGUP, TRANSFERRED, DRAINED, SHUTDOWN, MAX_DURATION -> "completed";
            default -> "failed";
        };
    }

    private static long millis(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return (i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString()) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
