package io.ramal.gateway.log;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.concurrent.atomic.LongAdder;

/**
 * Logback's {@link AsyncAppender} as the gateway wants it in front of every file and console
 * appender: it never blocks the logging thread (an event loop must not wait for a disk or a
 * terminal), it keeps INFO lines as long as there is room (no level-based discarding by default),
 * and what it drops when its queue is full is counted, for {@code ramal_log_events_dropped_total}.
 *
 * <p>The count is process-wide (every instance adds to it), so the metrics need no reference to
 * the logging configuration. A full queue is seen just before the event is offered: two threads
 * racing for the last free slot can lose one event uncounted, which is the price of not locking.
 */
public class DroppingAsyncAppender extends AsyncAppender {

    private static final LongAdder DROPPED = new LongAdder();

    public DroppingAsyncAppender() {
        setNeverBlock(true);
        setDiscardingThreshold(0);
    }

    /** Log events dropped so far by every instance, because a queue was full or by the discarding threshold. */
    public static long dropped() {
        return DROPPED.sum();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (getRemainingCapacity() == 0) {
            DROPPED.increment();
            return;
        }
        super.append(event);
    }

    /** Called only when the queue is below a configured discarding threshold: true means dropped. */
    @Override
    protected boolean isDiscardable(ILoggingEvent event) {
        boolean discard = super.isDiscardable(event);
        if (discard) {
            DROPPED.increment();
        }
        return discard;
    }
}
