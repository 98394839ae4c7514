package io.ramal.gateway.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DroppingAsyncAppenderTest {

    /** A disk that hangs: the appender below the asynchronous one blocks until released. */
    private static final class StuckAppender extends AppenderBase<ILoggingEvent> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger written = new AtomicInteger();

        @Override
        protected void append(ILoggingEvent e) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            written.incrementAndGet();
        }
    }

    @Test
    void aStuckAppenderNeverBlocksTheLoggerAndTheDropsAreCounted() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory(); // a started context, with its MDC
        StuckAppender stuck = new StuckAppender();
        stuck.setContext(ctx);
        stuck.start();
        DroppingAsyncAppender async = new DroppingAsyncAppender();
        async.setContext(ctx);
        async.setQueueSize(4);
        async.addAppender(stuck);
        async.start();
        long before = DroppingAsyncAppender.dropped();
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            LoggingEvent e = new LoggingEvent("test", ctx.getLogger("test"), Level.INFO, "line " + i, null, null);
            async.doAppend(e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long dropped = DroppingAsyncAppender.dropped() - before;
        stuck.release.countDown();
        async.stop(); // drains what it holds
        assertTrue(ms < 2_000, "the logging thread never waited for the stuck appender: " + ms + " ms");
        // Kept: the queue's 4, the batch of at most 4 the worker drained before the appender stuck,
        // and the event in the queue's hand-off when the worker took its batch: a few, never hundreds.
        assertTrue(dropped >= 1_000 - 12, "only the queue and the worker's batch are kept: dropped=" + dropped);
        assertEquals(1_000, dropped + stuck.written.get(), "every event is either written or counted as dropped");
    }

    @Test
    void infoLinesAreKeptWhileThereIsRoom() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory(); // a started context, with its MDC
        StuckAppender open = new StuckAppender();
        open.release.countDown();
        open.setContext(ctx);
        open.start();
        DroppingAsyncAppender async = new DroppingAsyncAppender();
        async.setContext(ctx);
        async.setQueueSize(100);
        async.addAppender(open);
        async.start();
        long before = DroppingAsyncAppender.dropped();
        for (int i = 0; i < 90; i++) { // past the 80 % where logback's own default starts to discard INFO
            async.doAppend(new LoggingEvent("test", ctx.getLogger("test"), Level.INFO, "line " + i, null, null));
        }
        async.stop();
        assertEquals(before, DroppingAsyncAppender.dropped());
        assertEquals(90, open.written.get());
    }
}
