package io.ramal.gateway.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.ramal.gateway.log.DroppingAsyncAppender;
import io.ramal.gateway.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What /metrics shows that no listener report carries. */
class GatewayMetricsTest {

    @Test
    void refusedConnectionsAreCountedPerReason() {
        io.ramal.gateway.call.CallCounters c = new io.ramal.gateway.call.CallCounters();
        c.refused.increment();
        c.refusedNotAllowed.add(3);
        c.refusedBusy.add(2);
        io.ramal.extensions.ListenerStatus s = new io.ramal.extensions.ListenerStatus("9000", null,
                io.ramal.extensions.ListenerState.BOUND, "", java.time.Instant.now(), 0);
        GatewayMetrics metrics = new GatewayMetrics(() -> List.of(io.ramal.gateway.status.ListenerReport.of(s, c, null)));
        PrometheusText t = PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
        assertEquals(3.0, t.value("ramal_connections_refused_total", Map.of("ramal", "9000", "reason", "not-allowed")));
        assertEquals(2.0, t.value("ramal_connections_refused_total", Map.of("ramal", "9000", "reason", "busy")));
        assertEquals(1.0, t.value("ramal_connections_refused_total", Map.of("ramal", "9000", "reason", "unavailable")));
    }

    @Test
    void droppedLogEventsAreOnTheMetricsPage() throws Exception {
        GatewayMetrics metrics = new GatewayMetrics(List::of);
        double before = PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8))
                .value("ramal_log_events_dropped_total", Map.of());
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        CountDownLatch release = new CountDownLatch(1);
        AppenderBase<ILoggingEvent> stuck = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        stuck.setContext(ctx);
        stuck.start();
        DroppingAsyncAppender async = new DroppingAsyncAppender();
        async.setContext(ctx);
        async.setQueueSize(1);
        async.addAppender(stuck);
        async.start();
        for (int i = 0; i < 50; i++) {
            async.doAppend(new LoggingEvent("test", ctx.getLogger("test"), Level.WARN, "line", null, null));
        }
        release.countDown();
        async.stop();
        double after = PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8))
                .value("ramal_log_events_dropped_total", Map.of());
        assertTrue(after >= before + 48, "before=" + before + " after=" + after);
    }
}
