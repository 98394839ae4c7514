package io.ramal.gateway.http;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ramal.extensions.ListenerState;
import io.ramal.gateway.log.DroppingAsyncAppender;
import io.ramal.gateway.status.ListenerReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus view of the gateway: per-extension counters and gauges (label {@code ramal})
 * read at scrape time from the same {@link ListenerReport}s as the status log, through the
 * official Prometheus Java client's callback metrics. Nothing is counted twice and the hot path
 * never touches the metrics library.
 */
public final class GatewayMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Supplier<List<ListenerReport>> reports;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private List<ListenerReport> current = List.of(); // set for the duration of one scrape, under the lock
    private final List<Runnable> refreshers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public GatewayMetrics(Supplier<List<ListenerReport>> reports) {
        this.reports = reports;
        counter("ramal_calls", "Calls accepted (identified) per extension.", ListenerReport::calls);
        counter("ramal_connections", "TCP connections accepted per extension.", ListenerReport::connections);
        counter("ramal_connections_closed_before_id", "Connections closed by the peer before sending the id frame.",
                ListenerReport::closedBeforeId);
        CounterWithCallback.builder().name("ramal_connections_refused")
                .help("Connections refused: listener draining or no handler (unavailable), source outside the "
                        + "allowlist (not-allowed), max-calls reached (busy).")
                .labelNames("ramal", "reason").callback(cb -> {
                    for (ListenerReport r : current) {
                        cb.call(r.refused(), r.ramal(), "unavailable");
                        cb.call(r.refusedNotAllowed(), r.ramal(), "not-allowed");
                        cb.call(r.refusedBusy(), r.ramal(), "busy");
                    }
                }).register(registry);
        counter("ramal_protocol_errors", "AudioSocket protocol violations.", ListenerReport::protocolErrors);
        counter("ramal_handshake_timeouts", "Connections that sent no id frame in time.", ListenerReport::handshakeTimeouts);
        counter("ramal_idle_timeouts", "Calls hung up because the caller sent no audio.", ListenerReport::idleTimeouts);
        counter("ramal_peer_errors", "Error frames received from Asterisk.", ListenerReport::peerErrors);
        counter("ramal_internal_errors", "Unexpected failures in the gateway.", ListenerReport::internalErrors);
        counter("ramal_playout_underruns", "Gaps in a call's outbound audio stream (live calls included).",
                ListenerReport::underruns);
        counter("ramal_playout_overflows", "Outbound frames dropped because a playout buffer was full (live calls included).",
                ListenerReport::overflows);
        counter("ramal_frames_dropped_out", "Outbound frames not sent because Asterisk was not reading (live calls included).",
                ListenerReport::droppedOut);
        counter("ramal_max_duration_hangups", "Calls hung up because they lasted call.max-duration.",
                ListenerReport::maxDurations);
        counter("ramal_write_stalls", "Calls hung up because the peer read nothing for call.write-stall-timeout.",
                ListenerReport::writeStalls);
        CounterWithCallback.builder().name("ramal_audio_frames").help("Audio frames per extension and direction.")
                .labelNames("ramal", "direction").callback(cb -> {
                    for (ListenerReport r : current) {
                        cb.call(r.framesIn(), r.ramal(), "in");
                        cb.call(r.framesOut(), r.ramal(), "out");
                    }
                }).register(registry);
        CounterWithCallback.builder().name("ramal_audio_bytes").help("Audio payload bytes per extension and direction.")
                .labelNames("ramal", "direction").callback(cb -> {
                    for (ListenerReport r : current) {
                        cb.call(r.bytesIn(), r.ramal(), "in");
                        cb.call(r.bytesOut(), r.ramal(), "out");
                    }
                }).register(registry);
        CounterWithCallback.builder().name("ramal_log_events_dropped")
                .help("Log events dropped because an asynchronous appender's queue was full.")
                .callback(cb -> cb.call(DroppingAsyncAppender.dropped())).register(registry);
        GaugeWithCallback.builder().name("ramal_calls_active").help("Calls in progress per extension.")
                .labelNames("ramal").callback(cb -> {
                    for (ListenerReport r : current) {
                        cb.call(r.active(), r.ramal());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("ramal_listener_up")
                .help("1 when the extension's listener is accepting (BOUND or SERVING_OLD), else 0.")
                .labelNames("ramal", "address", "mode").callback(cb -> {
                    for (ListenerReport r : current) {
                        cb.call(r.state().accepting() ? 1 : 0, r.ramal(), r.address(), r.mode());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("ramal_listener_edit_pending")
                .help("1 when an edit was refused and the listener serves its previous version (SERVING_OLD), else 0.")
                .labelNames("ramal").callback(cb -> {
                    for (ListenerReport r : current) {
                        cb.call(r.state() == ListenerState.SERVING_OLD ? 1 : 0, r.ramal());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("ramal_listener_state")
                .help("1 for the listener's current state, 0 for the others.")
                .labelNames("ramal", "state").callback(cb -> {
                    for (ListenerReport r : current) {
                        for (ListenerState s : ListenerState.values()) {
                            cb.call(r.state() == s ? 1 : 0, r.ramal(), s.name());
                        }
                    }
                }).register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<ListenerReport> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("ramal").callback(cb -> {
            for (ListenerReport r : current) {
                cb.call(value.applyAsDouble(r), r.ramal());
            }
        }).register(registry);
    }

    /** The event loops' lag and the ticks their pacers skipped, read at scrape time. */
    public void registerPacing(io.ramal.gateway.call.Pacers pacers) {
        GaugeWithCallback.builder().name("ramal_event_loop_lag_seconds")
                .help("The event loops' worst tick lateness in the last second with calls.")
                .callback(cb -> cb.call(pacers.lagNanos() / 1e9)).register(registry);
        CounterWithCallback.builder().name("ramal_pacer_skipped_ticks")
                .help("Ticks skipped because an event loop ran more than 100 ms late (each with a pacer late line).")
                .callback(cb -> cb.call(pacers.skippedTicks())).register(registry);
    }

    /**
     * The cluster's gauges, read at scrape time from {@code cluster}: nodes alive, whether its
     * database answered the last heartbeat, and per queue competed for or seen whether this node
     * owns it now by its own clock. For a clustered gateway only: a gateway alone has no cluster
     * database to be down.
     */
    public void registerCluster(io.ramal.gateway.cluster.ClusterSource cluster) {
        GaugeWithCallback.builder().name("ramal_cluster_nodes_alive")
                .help("Nodes whose heartbeat is within node.lease, as this node read them last.")
                .callback(cb -> cb.call(cluster.view().alive())).register(registry);
        GaugeWithCallback.builder().name("ramal_cluster_database_up")
                .help("1 when this node's last cluster heartbeat reached the database, else 0.")
                .callback(cb -> cb.call(cluster.view().databaseUp() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("ramal_queue_owned")
                .help("1 when this node owns the queue now (its lease unexpired by its own clock), else 0.")
                .labelNames("queue").callback(cb -> {
                    java.util.Set<String> queues = new java.util.TreeSet<>(cluster.competing());
                    queues.addAll(cluster.view().owners().keySet());
                    for (String q : queues) {
                        cb.call(cluster.ownsNow(q) ? 1 : 0, q);
                    }
                }).register(registry);
    }

    /** The registry, for other modules (queues, AI) to add their metrics to. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Runs {@code refresh} at the start of every scrape, on the scraping thread: for modules whose
     * callback metrics read one snapshot per scrape (the queues).
     */
    public void beforeScrape(Runnable refresh) {
        refreshers.add(refresh);
    }

    /** The text exposition format's content type. */
    public String contentType() {
        return writer.getContentType();
    }

    /** One scrape in the Prometheus text exposition format. */
    public synchronized byte[] scrape() {
        current = reports.get();
        refreshers.forEach(Runnable::run);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
            writer.write(out, registry.scrape());
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("metrics could not be written", e);
        } finally {
            current = List.of();
        }
    }
}
