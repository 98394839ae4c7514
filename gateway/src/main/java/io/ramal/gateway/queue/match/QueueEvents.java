package io.ramal.gateway.queue.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where queue events go: logged now, persisted by the call-records work later. Called on the
 * matchmaker's thread ({@code ramal-queue}) in the order the transitions happened: an
 * implementation must not block (hand blocking writes to a worker pool) and must not throw.
 */
@FunctionalInterface
public interface QueueEvents {

    /** Receives one event. */
    void on(QueueEvent event);

    /** Logs every event at INFO on the {@code ramal.queue.events} logger, one line each. */
    static QueueEvents logging() {
        Logger log = LoggerFactory.getLogger("ramal.queue.events");
        return e -> log.info("queue={} event={} caller={} attendant={} waited-ms={} at={}{}", e.queue(),
                e.eventName(),
                e.caller() == null ? "-" : e.caller(), e.attendant() == null ? "-" : e.attendant(),
                e.waited().toMillis(), e.at(), e.detail().isEmpty() ? "" : " detail=\"" + e.detail() + "\"");
    }

    /** Both, in order. */
    default QueueEvents andThen(QueueEvents next) {
        return e -> {
            on(e);
            next.on(e);
        };
    }
}
