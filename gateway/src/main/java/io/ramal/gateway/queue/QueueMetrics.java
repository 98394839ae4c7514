package io.ramal.gateway.queue;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ramal.gateway.queue.match.QueueStats;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The queues in {@code /metrics}, label {@code queue}: waiting callers, attendants by state and
 * the longest wait now; answered, abandoned, overflowed, completed and requeued callers since
 * start; and the current status-log period's average speed of answer and service level. Read
 * from one {@link QueueModule#snapshot(boolean)} per scrape, taken by {@link #refresh()} on the
 * scraping thread (never an event loop).
 */
public final class QueueMetrics {

    private final QueueModule queues;
    private volatile List<QueueStats> current = List.of();

    /** Registers the queue metrics in {@code registry}; call {@link #refresh()} before each scrape. */
    public QueueMetrics(QueueModule queues, PrometheusRegistry registry) {
        this.queues = queues;
        gauge(registry, "ramal_queue_waiting", "Callers waiting now.", QueueStats::waiting);
        gauge(registry, "ramal_queue_longest_wait_seconds", "The longest current wait.",
                s -> s.longestWait().toMillis() / 1000.0);
        gauge(registry, "ramal_queue_average_speed_of_answer_seconds",
                "Mean wait of the callers answered in the current status-log period.",
                s -> s.averageSpeedOfAnswer().toMillis() / 1000.0);
        gauge(registry, "ramal_queue_service_level_ratio",
                "Share of the period's callers answered within the queue's service-level-seconds (NaN when none).",
                QueueStats::serviceLevel);
        GaugeWithCallback.builder().name("ramal_queue_attendants").help("Attendants logged in, by state.")
                .labelNames("queue", "state").callback(cb -> {
                    for (QueueStats s : current) {
                        cb.call(s.attendantsFree(), s.queue(), "free");
                        cb.call(s.attendantsBusy(), s.queue(), "busy");
                        cb.call(s.attendantsPaused(), s.queue(), "paused");
                        cb.call(s.attendantsWrapUp(), s.queue(), "wrap-up");
                    }
                }).register(registry);
        counter(registry, "ramal_queue_answered", "Callers connected to an attendant.", QueueStats::answeredTotal);
        counter(registry, "ramal_queue_abandoned", "Callers who hung up while waiting.", QueueStats::abandonedTotal);
        counter(registry, "ramal_queue_overflowed", "Callers sent to the queue's overflow.",
                QueueStats::overflowedTotal);
        counter(registry, "ramal_queue_completed", "Conversations ended by either side.", QueueStats::completedTotal);
        counter(registry, "ramal_queue_requeued", "Callers put back at the head because their attendant left.",
                QueueStats::requeuedTotal);
    }

    /** Takes the snapshot the next scrape reads. Blocks briefly on the matchmaker: not for event loops. */
    public void refresh() {
        current = queues.snapshot(false);
    }

    private void gauge(PrometheusRegistry registry, String name, String help, ToDoubleFunction<QueueStats> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("queue").callback(cb -> {
            for (QueueStats s : current) {
                cb.call(value.applyAsDouble(s), s.queue());
            }
        }).register(registry);
    }

    private void counter(PrometheusRegistry registry, String name, String help, ToDoubleFunction<QueueStats> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("queue").callback(cb -> {
            for (QueueStats s : current) {
                cb.call(value.applyAsDouble(s), s.queue());
            }
        }).register(registry);
    }
}
