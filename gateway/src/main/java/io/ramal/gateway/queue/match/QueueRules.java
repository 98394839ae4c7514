package io.ramal.gateway.queue.match;

import java.time.Duration;

/**
 * What the matchmaker reads of a queue extension's settings: the queue-wide rules (strategy,
 * max-callers, wrap-up, service level, require-attendant: those of the latest caller or
 * configuration) and the caller's own terms (priority, max-wait, announce-interval, overflow).
 * The queue module's settings record implements it, so the rules are parsed in one place and
 * this package depends on nothing above it. Implementations are immutable values with
 * {@code equals}: the matchmaker logs a change of the queue-wide rules.
 */
public interface QueueRules {

    /** The queue's name. */
    String queue();

    /** 0..100: callers of higher priority wait ahead of lower ones in the same queue. */
    int priority();

    /** How the queue picks among its free attendants. */
    Strategy strategy();

    /** Then the overflow applies; zero waits for ever. */
    Duration maxWait();

    /** Callers waiting at most; more overflow at once; 0 = no limit. */
    int maxCallers();

    /** After a conversation, the attendant rests this long before the next caller. */
    Duration wrapUp();

    /** Position repeated this often (and whenever it changes); zero = only on change. */
    Duration announceInterval();

    /** Service level = callers answered within this many seconds. */
    int serviceLevelSeconds();

    /** Where a caller goes when the queue cannot keep them. */
    Overflow overflow();

    /** True: a caller arriving when nobody is logged in overflows at once. */
    boolean requireAttendant();
}
