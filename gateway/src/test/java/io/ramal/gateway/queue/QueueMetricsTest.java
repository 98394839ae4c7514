package io.ramal.gateway.queue;

import io.ramal.gateway.http.GatewayMetrics;
import io.ramal.gateway.queue.match.QueueStats;
import io.ramal.gateway.testing.PrometheusText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The queues' series in {@code /metrics}: counters and sums from which any window's speed of
 * answer and service level follow, and no per-period gauge that reads NaN after an idle period.
 */
class QueueMetricsTest {

    @Test
    void exposesTotalsAndWaitSumsNotPeriodGauges() {
        // An idle period (nothing answered since the status log's last report), after 2 answers.
        QueueStats idle = new QueueStats("suporte", 0, 1, 0, 0, 0, Duration.ZERO, Instant.EPOCH, 0, 0, 0,
                Duration.ZERO, Double.NaN, Duration.ofSeconds(20), 2, 1, Duration.ofMillis(30_500), 1, 0, 2, 0);
        GatewayMetrics metrics = new GatewayMetrics(List::of);
        QueueMetrics q = new QueueMetrics(() -> List.of(idle), metrics.registry());
        metrics.beforeScrape(q::refresh);

        PrometheusText m = PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
        Map<String, String> l = Map.of("queue", "suporte");
        assertEquals(2, m.value("ramal_queue_answered_total", l));
        assertEquals(1, m.value("ramal_queue_answered_within_threshold_total", l));
        assertEquals("summary", m.type("ramal_queue_wait_seconds"));
        assertEquals(2, m.value("ramal_queue_wait_seconds_count", l));
        assertEquals(30.5, m.value("ramal_queue_wait_seconds_sum", l), 1e-9);
        assertEquals(1, m.value("ramal_queue_abandoned_total", l));
        assertEquals(20, m.value("ramal_queue_service_level_threshold_seconds", l));
        assertNull(m.type("ramal_queue_average_speed_of_answer_seconds"), "per-period: in the status log only");
        assertNull(m.type("ramal_queue_service_level_ratio"), "per-period: in the status log only");
    }
}
