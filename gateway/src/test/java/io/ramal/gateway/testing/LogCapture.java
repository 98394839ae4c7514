package io.ramal.gateway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Collects the log events of a logger (and its children) for assertions; close to detach. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous;

    public LogCapture(String loggerName) {
        this(loggerName, null);
    }

    private LogCapture(String loggerName, Level level) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        previous = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures {@code loggerName} at INFO whatever the test configuration says (the status log). */
    public static LogCapture info(String loggerName) {
        return new LogCapture(loggerName, Level.INFO);
    }

    /** The formatted messages so far. */
    public List<String> messages() {
        // ListAppender adds under the appender's own lock (AppenderBase.doAppend), not the list's.
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** True when some message contains every one of {@code parts}. */
    public boolean has(String... parts) {
        return messages().stream().anyMatch(m -> {
            for (String p : parts) {
                if (!m.contains(p)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}
