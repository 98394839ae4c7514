package io.ramal.gateway.board;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.StoreHealth;
import io.ramal.gateway.call.Pacers;
import io.ramal.gateway.queue.QueueModule;
import io.ramal.gateway.queue.match.QueueBoard;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.report.QueueReport;
import io.ramal.gateway.report.RecordSource;
import io.ramal.gateway.report.ReportTable;
import io.ramal.gateway.report.Window;
import io.ramal.gateway.status.Health;
import io.ramal.gateway.status.ListenerReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The wallboard's data, taken once a second on its own thread ({@code ramal-board}), never on an
 * event loop: listener reports, the queues' waiting callers and attendants (a brief wait on the
 * matchmaker's thread), the loops' lag, and today's queue figures, re-read from the call records
 * every {@code todayEvery} with the same counting as {@code ramal report queues}. Each snapshot
 * is serialized once and handed to every subscriber (the server-sent-event streams), so a
 * hundred open pages cost one serialization a second.
 *
 * <p>A queue that moves ({@link #changed}: a caller enters, is answered, an attendant logs in)
 * gets a snapshot {@value #CHANGE_DELAY_MS} ms later instead of at the next second, so a
 * supervisor sees a caller arrive at once; changes in that interval share one snapshot.
 */
public final class Board implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Board.class);
    private static final int HISTORY_MINUTES = 60;
    /** How long after a queue moves the extra snapshot is taken: a burst of events shares it. */
    static final long CHANGE_DELAY_MS = 100;

    private final Supplier<List<ListenerReport>> reports;
    private final Supplier<StoreHealth> store;
    private final QueueModule queues;
    private final Pacers pacers;
    private final RecordSource records;
    private final Clock clock;
    private final ZoneId zone;
    private final String version;
    private final long todayEveryMillis;
    private final ObjectMapper json = Records.json();
    private final List<Consumer<byte[]>> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ramal-board");
        t.setDaemon(true);
        return t;
    });
    /** Per queue: the most waiting in each minute, the current minute last. Only the board's thread touches it. */
    private final Map<String, int[]> history = new HashMap<>();
    private long historyMinute = -1;
    private Map<String, BoardSnapshot.Today> today = Map.of();
    private String todayError;
    private boolean todayRead;
    private long todayReadAt;
    private volatile byte[] latest;
    /** An extra snapshot is scheduled and not taken yet. */
    private final AtomicBoolean changePending = new AtomicBoolean();

    /**
     * @param queues     the queue module, or null when it did not start
     * @param records    today's call records, or null when records are off
     * @param todayEvery how often today's figures are re-read
     * @param version    the gateway's version, shown in the header
     */
    public Board(Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store, QueueModule queues, Pacers pacers,
                 RecordSource records, Clock clock, Duration todayEvery, String version) {
        this.version = version;
        this.reports = reports;
        this.store = store;
        this.queues = queues;
        this.pacers = pacers;
        this.records = records;
        this.clock = clock;
        this.zone = clock.getZone();
        this.todayEveryMillis = todayEvery.toMillis();
    }

    /** Takes a snapshot now, then one a second. */
    public Board start() {
        thread.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    /** The last snapshot as JSON (taking one first if none was taken yet). */
    public byte[] json() {
        byte[] b = latest;
        if (b == null) {
            try {
                b = thread.submit(() -> latest != null ? latest : publish(take())).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the board could not be read: " + e, e);
            }
        }
        return b;
    }

    /**
     * Something on the board moved: publish a snapshot soon rather than at the next second. Never
     * blocks, so the matchmaker's thread may call it with each queue event.
     */
    public void changed() {
        if (changePending.compareAndSet(false, true)) {
            try {
                thread.schedule(() -> {
                    changePending.set(false);
                    tick();
                }, CHANGE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                changePending.set(false); // closed: nobody is watching any more
            }
        }
    }

    /** {@code s} gets every snapshot from now on, on the board's thread: it must not block. */
    public void subscribe(Consumer<byte[]> s) {
        subscribers.add(s);
    }

    public void unsubscribe(Consumer<byte[]> s) {
        subscribers.remove(s);
    }

    /** Open subscriptions (for tests and the benchmark). */
    public int subscribers() {
        return subscribers.size();
    }

    private void tick() {
        try {
            byte[] b = publish(take());
            for (Consumer<byte[]> s : subscribers) {
                s.accept(b);
            }
        } catch (RuntimeException e) {
            LOG.error("board snapshot failed", e);
        }
    }

    private byte[] publish(BoardSnapshot s) {
        try {
            byte[] b = json.writeValueAsBytes(s);
            latest = b;
            return b;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One snapshot. On the board's thread. */
    BoardSnapshot take() {
        List<ListenerReport> all = reports.get();
        StoreHealth st = store.get();
        Health h = Health.of(all, st);
        Map<String, Integer> byMode = new TreeMap<>();
        int total = 0;
        long refused = 0;
        long notAllowed = 0;
        long busy = 0;
        List<BoardSnapshot.Extension> exts = new ArrayList<>(all.size());
        for (ListenerReport r : all) {
            if (!r.mode().isEmpty()) { // a refused entry has no mode
                byMode.merge(r.mode(), r.active(), Integer::sum);
            }
            total += r.active();
            refused += r.refused() + r.refusedNotAllowed() + r.refusedBusy();
            notAllowed += r.refusedNotAllowed();
            busy += r.refusedBusy();
            exts.add(new BoardSnapshot.Extension(r.ramal(), r.address(), r.mode(), r.state().name(), r.reason(),
                    r.active()));
        }
        BoardSnapshot.Health health = new BoardSnapshot.Health(h.up() ? "UP" : "DOWN",
                pacers.lagNanos() / 1_000_000.0, pacers.skippedTicks(), refused, notAllowed, busy, st.kind(), st.up());
        return new BoardSnapshot(clock.instant(), version, health, total, byMode, exts, queues());
    }

    private List<BoardSnapshot.Queue> queues() {
        if (queues == null) {
            return List.of();
        }
        List<QueueBoard> boards = queues.board();
        refreshToday();
        long minute = clock.millis() / 60_000;
        if (minute != historyMinute) {
            for (int[] h : history.values()) {
                int shift = (int) Math.min(HISTORY_MINUTES, historyMinute < 0 ? 0 : minute - historyMinute);
                System.arraycopy(h, shift, h, 0, HISTORY_MINUTES - shift);
                java.util.Arrays.fill(h, HISTORY_MINUTES - shift, HISTORY_MINUTES, 0);
            }
            historyMinute = minute;
        }
        List<BoardSnapshot.Queue> out = new ArrayList<>(boards.size());
        for (QueueBoard q : boards) {
            int[] h = history.computeIfAbsent(q.queue(), k -> new int[HISTORY_MINUTES]);
            h[HISTORY_MINUTES - 1] = Math.max(h[HISTORY_MINUTES - 1], q.waiting().size());
            int free = 0;
            int busy = 0;
            int paused = 0;
            int wrap = 0;
            for (QueueBoard.Member m : q.attendants()) {
                switch (m.state()) {
                    case "free" -> free++;
                    case "busy" -> busy++;
                    case "paused" -> paused++;
                    default -> wrap++;
                }
            }
            long longest = q.waiting().stream().mapToLong(QueueBoard.Waiting::waitedMs).max().orElse(0);
            BoardSnapshot.Today t = today.getOrDefault(q.queue(), BoardSnapshot.Today.NONE);
            if (todayError != null) {
                t = new BoardSnapshot.Today(t.offered(), t.answered(), t.abandoned(), t.overflowed(), t.asaSeconds(),
                        t.serviceLevel(), t.thresholdSeconds(), todayError);
            }
            out.add(new BoardSnapshot.Queue(q.queue(), q.waiting(), longest, q.attendants(), free, busy, paused, wrap,
                    t, java.util.Arrays.stream(h).boxed().toList()));
        }
        return out;
    }

    /** Re-reads today's queue figures when due; on failure keeps the last ones and says why. */
    private void refreshToday() {
        long now = clock.millis();
        if (records == null || (todayRead && now - todayReadAt < todayEveryMillis)) {
            return;
        }
        todayRead = true;
        todayReadAt = now;
        LocalDate day = LocalDate.now(clock);
        try {
            ReportTable t = QueueReport.run(records, Window.days(day, day, zone, clock), null);
            Map<String, BoardSnapshot.Today> m = new HashMap<>();
            for (Map<String, Object> r : t.rows()) {
                m.put((String) r.get("queue"), new BoardSnapshot.Today(num(r.get("offered")), num(r.get("answered")),
                        num(r.get("abandoned")), num(r.get("overflowed")),
                        r.get("wait_avg_s") == null ? null : num(r.get("wait_avg_s")) / 1000.0,
                        (Double) r.get("service_level"),
                        r.get("service_level_threshold_s") == null ? null : (int) num(r.get("service_level_threshold_s")),
                        null));
            }
            today = m;
            todayError = null;
        } catch (Exception e) {
            if (todayError == null) {
                LOG.warn("board today's figures unavailable reason=\"{}\"", e.getMessage());
            }
            todayError = String.valueOf(e.getMessage());
        }
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (records != null) {
            try {
                records.close();
            } catch (Exception e) {
                LOG.debug("board records source close failed", e);
            }
        }
    }
}
