package io.ramal.gateway.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * The process's logging as a whole. The appenders are asynchronous, so a process that exits
 * must first let them write what they hold: {@link #flush()} stops the logging context, which
 * drains every {@link DroppingAsyncAppender} (up to its {@code maxFlushTime}) and closes the files.
 * A command whose standard output is its result calls {@link #keepStdoutForResults()} first.
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

    /**
     * For a command whose standard output is its result ({@code ramal extensions list --json},
     * {@code ramal call}): no logger below WARN, and the console appender on standard error. Setting
     * the root alone is not enough: {@code config/logback.xml} gives HikariCP and Flyway INFO of
     * their own (the server's log wants their lines), and a WARN they write must not land in the
     * middle of a JSON document either.
     */
    public static void keepStdoutForResults() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        for (Logger l : ctx.getLoggerList()) {
            Level level = l.getLevel();
            if (level != null && !level.isGreaterOrEqual(Level.WARN)) { // the root, and any logger given its own level
                l.setLevel(Level.WARN);
            }
            l.iteratorForAppenders().forEachRemaining(Logging::consoleToStderr);
        }
    }

    /** Points a console appender, or one behind an asynchronous appender, at standard error. */
    private static void consoleToStderr(Appender<ILoggingEvent> a) {
        if (a instanceof ConsoleAppender<ILoggingEvent> console && !"System.err".equals(console.getTarget())) {
            // Stopping a console appender does not close System.out: its stream is a wrapper.
            console.stop();
            console.setTarget("System.err");
            console.start();
        } else if (a instanceof AsyncAppenderBase<ILoggingEvent> async) {
            for (Iterator<Appender<ILoggingEvent>> it = async.iteratorForAppenders(); it.hasNext(); ) {
                consoleToStderr(it.next());
            }
        }
    }
}
