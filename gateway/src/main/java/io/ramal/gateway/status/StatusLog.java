package io.ramal.gateway.status;

import io.ramal.extensions.ListenerEvents;
import io.ramal.extensions.ListenerState;
import io.ramal.extensions.ListenerStatus;
import io.ramal.extensions.StoreHealth;
import io.ramal.extensions.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The status log ops tail at 3 a.m.: on the {@code ramal.status} logger (its own file, see
 * {@code config/logback.xml}), every interval one line per listener, a store line (up or down
 * since when, serving from the store, the cache or nothing) and a summary line, and at
 * once a WARN line whenever a listener goes down, fails to bind, or comes back. Runs on its own
 * thread {@code ramal-status}; a failing report is logged and the next one still runs.
 */
public final class StatusLog implements ListenerEvents, AutoCloseable {

    /** The logger whose lines go to logs/status.log. */
    public static final String LOGGER = "ramal.status";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Supplier<List<ListenerReport>> reports;
    private final Supplier<StoreHealth> store;
    private final Supplier<List<String>> extraLines;
    private final Supplier<List<String>> clusterLines;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private final Map<String, long[]> previous = new HashMap<>(); // ramal -> {calls, errors}; on the timer thread
    private final Instant started = Instant.now();

    /**
     * @param reports    the listeners' reports now
     * @param store      the extension store's state now
     * @param extraLines further lines for each report (the queues'), may return an empty list
     * @param interval   time between reports
     */
    public StatusLog(Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store,
                     Supplier<List<String>> extraLines, Duration interval) {
        this(reports, store, extraLines, List::of, interval);
    }

    /**
     * As above, with the cluster's lines ({@code ClusterReport.statusLines}: one per node and one per
     * queue's owner) after the queues' in each report.
     */
    public StatusLog(Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store,
                     Supplier<List<String>> extraLines, Supplier<List<String>> clusterLines, Duration interval) {
        this.clusterLines = clusterLines;
        this.reports = reports;
        this.store = store;
        this.extraLines = extraLines;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic report; the first comes one interval from now. */
    public StatusLog start() {
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::reportSafely, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("status log started interval={}", io.ramal.extensions.Units.format(interval));
        return this;
    }

    /** Runs {@code task} every {@code period} on the status thread; a failing run is logged, the next one still runs. */
    public StatusLog every(Duration period, Runnable task) {
        long ms = period.toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("periodic status task failed; the next one will run", t);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    private void reportSafely() {
        try {
            report();
        } catch (Throwable t) {
            LOG.error("status report failed; the next one will run", t);
        }
    }

    /** Writes one report now. Called on the timer thread (or by tests). */
    public synchronized void report() {
        List<ListenerReport> all = reports.get();
        int bound = 0;
        int active = 0;
        long callsPeriod = 0;
        long errorsPeriod = 0;
        for (ListenerReport r : all) {
            long[] prev = previous.getOrDefault(r.ramal(), new long[2]);
            long calls = r.calls() - prev[0];
            long errors = r.errors() - prev[1];
            previous.put(r.ramal(), new long[] {r.calls(), r.errors()});
            if (r.state().accepting()) {
                bound++;
            }
            active += r.active();
            callsPeriod += calls;
            errorsPeriod += errors;
            LOG.info("listener ramal={} address={} mode={} state={} since={} active={} calls-period={} calls-total={} "
                            + "errors-period={} refused={} closed-before-id={} protocol-errors={} handshake-timeouts={} "
                            + "idle-timeouts={} frames-in={} frames-out={} bytes-in={} bytes-out={} underruns={} "
                            + "overflows={} dropped-out={} write-stalls={} max-durations={} reason=\"{}\" "
                            + "last-error=\"{}\" last-error-at={}",
                    LogText.escape(r.ramal()), LogText.escape(r.address()), r.mode(), r.state(), r.since(), r.active(),
                    calls, r.calls(), errors,
                    r.refused(), r.closedBeforeId(), r.protocolErrors(), r.handshakeTimeouts(), r.idleTimeouts(),
                    r.framesIn(),
                    r.framesOut(), r.bytesIn(), r.bytesOut(), r.underruns(), r.overflows(), r.droppedOut(),
                    r.writeStalls(), r.maxDurations(),
                    r.reason() == null ? "" : LogText.escape(r.reason()),
                    r.lastError() == null ? "" : LogText.escape(r.lastError()),
                    r.lastErrorAt() == null ? "-" : r.lastErrorAt());
        }
        for (String line : extraLines.get()) {
            LOG.info("{}", line);
        }
        for (String line : clusterLines.get()) {
            LOG.info("{}", line);
        }
        StoreHealth st = store.get();
        LOG.info("store kind={} up={} down-since={} serving-from={} last-error=\"{}\"", st.kind(), st.up(),
                st.downSince() == null ? "-" : st.downSince(), st.servingFrom().label(),
                st.lastError() == null ? "" : LogText.escape(st.lastError()));
        LOG.info("summary listeners-bound={} listeners-configured={} active-calls={} calls-period={} errors-period={} "
                        + "uptime-s={}", bound, all.size(), active, callsPeriod, errorsPeriod,
                Duration.between(started, Instant.now()).toSeconds());
    }

    /** A WARN line at once when a listener goes down, fails, or comes back; never a silent gap. */
    @Override
    public void stateChanged(ListenerStatus previous, ListenerStatus current) {
        ListenerState was = previous == null ? null : previous.state();
        ListenerState now = current.state();
        String address = current.extension() == null ? "" : current.extension().address();
        if (now == ListenerState.FAILED && was != ListenerState.FAILED) {
            LOG.warn("listener down ramal={} address={} state=FAILED reason=\"{}\"", LogText.escape(current.ramal()),
                    address, LogText.escape(current.reason()));
        } else if (now == ListenerState.FAILED && current.attempts() > 0 && current.attempts() % 10 == 0) {
            LOG.warn("listener still down ramal={} address={} attempts={} reason=\"{}\"",
                    LogText.escape(current.ramal()), address, current.attempts(), LogText.escape(current.reason()));
        } else if (now == ListenerState.BOUND && was == ListenerState.FAILED) {
            LOG.warn("listener back ramal={} address={} state=BOUND after-attempts={}", LogText.escape(current.ramal()),
                    address, previous.attempts());
        } else if (now == ListenerState.BOUND && was != ListenerState.BOUND) {
            LOG.info("listener up ramal={} address={} state=BOUND", LogText.escape(current.ramal()), address);
        } else if (now == ListenerState.SERVING_OLD && was != ListenerState.SERVING_OLD) {
            LOG.warn("listener serving old version ramal={} address={} state=SERVING_OLD reason=\"{}\"",
                    LogText.escape(current.ramal()), address, LogText.escape(current.reason()));
        } else if (now == ListenerState.STOPPED && was != ListenerState.STOPPED) {
            LOG.info("listener stopped ramal={} address={}", LogText.escape(current.ramal()), address);
        } else if (now == ListenerState.DRAINING && was != ListenerState.DRAINING) {
            LOG.info("listener draining ramal={} address={}", LogText.escape(current.ramal()), address);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
