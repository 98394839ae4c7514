package io.ramal.gateway.queue.match;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The owner of all queue state: who waits where, which attendants are free, who talks to whom.
 * It speaks of calls by id only and holds no call, handler or audio: handlers on event loops
 * post to it and never wait for it; it answers through its {@link MatchListener}, and a pairing
 * is a {@link Pairing} decision that the node holding the two legs turns into audio. Every
 * method may be called from any thread and returns at once.
 *
 * <p>An interface so that the state can move: today {@link LocalMatchmaker} holds it in this
 * process; with several gateway nodes, the node holding a queue's lease owns it and the others
 * relay their callers to it (DESIGN.md, "Scaling past one machine").
 */
public interface Matchmaker extends AutoCloseable {

    /** Sets a queue's rules before (or between) callers: from the queue extension rows. */
    void configure(QueueRules rules);

    /**
     * A caller joins {@code rules.queue()}, or overflows at once when it cannot.
     *
     * @param label the call's log prefix, for the matchmaker's own log lines
     */
    default void enqueue(UUID caller, String label, QueueRules rules) {
        enqueue(caller, label, rules, Long.MAX_VALUE);
    }

    /**
     * As {@link #enqueue(UUID, String, QueueRules)}, for a caller who arrived at
     * {@code arrivedAtMillis} (epoch ms; {@code Long.MAX_VALUE} for now): a caller re-entering
     * after its queue moved to another node keeps its place among callers of its priority.
     */
    void enqueue(UUID caller, String label, QueueRules rules, long arrivedAtMillis);

    /**
     * No pairing in {@code queues} for {@code settle}: this node just took them over, and the
     * callers waiting on other nodes re-enter with their arrival times meanwhile, so the first
     * pairing goes to the caller who waited longest, not to the first to reconnect.
     */
    void hold(Collection<String> queues, Duration settle);

    /**
     * This node lost {@code queues}: their state is forgotten (no abandon, no logout counted);
     * the node moves their legs to the new owner.
     */
    void release(Collection<String> queues);

    /**
     * The caller heard the connect tone of {@code pairing}: the conversation counts from now.
     * Ignored when the pairing has meanwhile ended (the attendant left first).
     */
    void callerConnected(UUID caller, Pairing pairing);

    /**
     * The caller's call ended (or left the queue handler).
     *
     * @param bridged whether the caller was in a conversation as far as it heard: decides
     *                between a completed conversation and an abandon
     */
    void callerLeft(UUID caller, boolean bridged);

    /**
     * An attendant logs in to {@code queues}.
     *
     * @param label the call's log prefix, for the matchmaker's own log lines
     */
    void login(UUID attendant, String label, List<String> queues);

    /** The attendant's call ended; a caller they were talking to goes back to the head of its queue. */
    void logout(UUID attendant);

    /** Pauses (no new callers once the current conversation ends) or resumes an attendant. */
    void pause(UUID attendant, boolean paused);

    /** The attendant ends the current conversation: the caller is hung up, the attendant stays. */
    void endConversation(UUID attendant);

    /**
     * Per-queue statistics, blocking briefly for the matchmaker to compute them: for the status
     * log and metrics threads, never for an event loop.
     *
     * @param resetPeriod start a new period (the status log does, once per report)
     */
    List<QueueStats> snapshot(boolean resetPeriod);

    /** Every queue's waiting callers and attendants now, blocking briefly like {@link #snapshot}. */
    List<QueueBoard> board();

    /** Stops; calls still waiting stay where they are. */
    @Override
    void close();
}
