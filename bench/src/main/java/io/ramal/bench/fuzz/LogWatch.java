package io.ramal.bench.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, during a fuzz run, what the logs say about it: Netty's leak reports (the run is meant
 * for {@code -Dio.netty.leakDetectionLevel=paranoid}), the gateway's {@code pacer late} lines,
 * and every line of the gateway's loggers. Attached to the root logger for the run; close to
 * detach. Leaks are only reported once a leaked buffer is collected, hence {@link #provokeLeakReports}.
 */
final class LogWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    final LongAdder leaks = new LongAdder();
    final LongAdder pacerLate = new LongAdder();
    final LongAdder gatewayLines = new LongAdder();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    LogWatch() {
        setName("fuzz-log-watch");
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        String logger = e.getLoggerName();
        if (logger.startsWith(ResourceLeakDetector.class.getName())) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getFormattedMessage().contains("LEAK")) {
                leaks.increment();
            }
        } else if (logger.startsWith("io.ramal.gateway")) {
            gatewayLines.increment();
            if (e.getFormattedMessage().startsWith("pacer late")) {
                pacerLate.increment();
            }
        }
    }

    /** Whether Netty tracks every buffer (paranoid), so that a zero means no leak. */
    static boolean paranoid() {
        return ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID;
    }

    /** Collects garbage and allocates, so that the detector reports leaked buffers now. */
    static void provokeLeakReports() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            for (int j = 0; j < 500; j++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                b.release();
            }
        }
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
