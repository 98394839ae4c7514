package io.ramal.gateway.queue;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.ramal.gateway.queue.match.QueueStats;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The queues in {@code /metrics}, label {@code queue}: waiting callers, attendants by state, the
 * longest wait and the service-level threshold now; answered (and answered within the threshold),
 * abandoned, overflowed, completed and requeued callers since start, and the answered callers'
 * waits as a summary ({@code ramal_queue_wait_seconds_sum} and {@code _count}). Only counters and
 * sums: a monitoring system computes speed of answer and service level over any window from them,
 * where a per-period gauge would read NaN after an idle period and depend on when the status log
 * last reported (the period's figures stay in the status log). Read from one
 * {@link QueueModule#snapshot(boolean)} per scrape, taken by {@link #refresh()} on the scraping
 * thread (never an event loop).
 */
public final class QueueMetrics {

    private final Supplier<List<QueueStats>> queues;
    private volatile List<QueueStats> current = List.of();

    /** Registers the queue metrics in {@code registry}; call {@link #refresh()} before each scrape. */
    public QueueMetrics(QueueModule queues, PrometheusRegistry registry) {
        this(() -> queues.snapshot(false), registry);
    }

    /** As above, reading the statistics from {@code snapshot} (tests give fixed ones). */
    QueueMetrics(Supplier<List<QueueStats>> snapshot, PrometheusRegistry registry) {
        this.queues = snapshot;
        gauge(registry, "ramal_queue_waiting", "Callers waiting now.", QueueStats::waiting);
        gauge(registry, "ramal_queue_longest_wait_seconds", "The longest current wait.",
                s -> s.longestWait().toMillis() / 1000.0);
        gauge(registry, "ramal_queue_service_level_threshold_seconds",
                "The queue's service-level-seconds: an answer within it counts as within the threshold.",
                s -> s.serviceLevelThreshold().toSeconds());
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
        counter(registry, "ramal_queue_answered_within_threshold",
                "Callers connected within the queue's service-level-seconds (the threshold when answered).",
                QueueStats::answeredWithinTotal);
        SummaryWithCallback.builder().name("ramal_queue_wait_seconds")
                .help("Waits of the callers connected to an attendant (count: answered; sum: their waits).")
                .labelNames("queue").callback(cb -> {
                    for (QueueStats s : current) {
                        cb.call(s.answeredTotal(), s.answeredWaitTotal().toMillis() / 1000.0, Quantiles.EMPTY,
                                s.queue());
                    }
                }).register(registry);
        counter(registry, "ramal_queue_abandoned", "Callers who hung up while waiting.", QueueStats::abandonedTotal);
        counter(registry, "ramal_queue_overflowed", "Callers sent to the queue's overflow.",
                QueueStats::overflowedTotal);
        counter(registry, "ramal_queue_completed", "Conversations ended by either side.", QueueStats::completedTotal);
        counter(registry, "ramal_queue_requeued", "Callers put back at the head because their attendant left.",
                QueueStats::requeuedTotal);
    }

    /** Takes the snapshot the next scrape reads. Blocks briefly on the matchmaker: not for event loops. */
    public void refresh() {
        current = queues.get();
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
