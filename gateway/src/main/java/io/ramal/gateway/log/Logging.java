package io.ramal.gateway.log;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The process's logging as a whole. The appenders are asynchronous, so a process that exits
 * must first let them write what they hold: {@link #flush()} stops the logging context, which
 * drains every {@link DroppingAsyncAppender} (up to its {@code maxFlushTime}) and closes the files.
 */
public final class Logging {

    private Logging() {
    }

    /** Writes out every queued log event and closes the appenders; nothing is logged after it. */
    public static void flush() {
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (f instanceof LoggerContext ctx) {
            ctx.stop();
        }
    }
}
