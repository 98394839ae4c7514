package io.ramal.gateway;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionManager;
import io.ramal.extensions.ListenerStatus;
import io.ramal.extensions.LogText;
import io.ramal.extensions.Mode;
import io.ramal.extensions.StoreHealth;
import io.ramal.gateway.ai.AiMetrics;
import io.ramal.gateway.ai.AiModule;
import io.ramal.gateway.board.Board;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.cluster.ClusterReport;
import io.ramal.gateway.cluster.ClusterSource;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.http.AdminServer;
import io.ramal.gateway.http.CallsResource;
import io.ramal.gateway.http.GatewayMetrics;
import io.ramal.gateway.log.LogLimiter;
import io.ramal.gateway.listener.CallLimits;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.queue.QueueMetrics;
import io.ramal.gateway.queue.QueueModule;
import io.ramal.gateway.queue.line.Placement;
import io.ramal.gateway.queue.match.QueueEvents;
import io.ramal.gateway.queue.match.QueueStats;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.report.RecordSources;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.status.StatusLog;
import io.ramal.gateway.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One running gateway process: the shared transport, the handlers of every mode (echo, the
 * attendant queue, the AI bridge), the listener factory, the extension manager over the
 * configured store, the status log and the admin HTTP server on its own thread, started in that
 * order and stopped in reverse.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final RamalConfig config;
    private final Transport transport;
    private final Transport adminTransport;
    private final Handlers handlers;
    private final QueueModule queues;
    private final AiModule ai;
    private final NettyListenerFactory factory;
    private final ExtensionManager manager;
    private final StatusLog statusLog;
    private final GatewayMetrics metrics;
    private final AdminServer admin;
    private final Records records;
    private final Board board;
    /** This gateway as a node of a cluster; null when {@code node.secret} is empty (a single node). */
    private final ClusterNode node;
    /** The board that queue events nudge; empty until it exists (the queues start before it). */
    private final AtomicReference<Board> boardToTell = new AtomicReference<>();
    private final Duration startTime;
    /** What /cluster, the status log, the metrics and `ramal nodes` show: {@link #clusterNow()} at each read. */
    private final ClusterSource cluster = ClusterSource.following(this::clusterNow);
    private volatile ClusterSource alone;

    private Gateway(RamalConfig config) throws Exception {
        this.config = config;
        LOG.info("ramal starting version={} java={} pid={}", Version.current(), Runtime.version(),
                ProcessHandle.current().pid());
        transport = Transport.create(config.gateway().transport(), config.gateway().eventLoopThreads());
        Transport admins;
        try {
            // The admin server gets its own thread: a scrape or a JSON dump never delays a call's tick.
            admins = Transport.create(config.gateway().transport(), 1, "ramal-admin");
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        adminTransport = admins;
        boolean ok = false;
        QueueModule q = null;
        AiModule a = null;
        ExtensionManager m = null;
        StatusLog s = null;
        AdminServer h = null;
        Records r = null;
        Board b = null;
        ClusterNode n = config.node().clustered() ? new ClusterNode(config.node()) : null;
        node = n;
        try {
            handlers = Handlers.withEcho();
            metrics = new GatewayMetrics(this::reports);
            r = records(config);
            records = r;
            if (r != null) {
                r.register(metrics.registry());
            }
            q = queueModule(config, handlers, n);
            if (q != null) {
                metrics.beforeScrape(new QueueMetrics(q, metrics.registry())::refresh);
            }
            QueueModule queueModule = q;
            a = new AiModule(transport, (target, call) -> (queueModule == null ? Optional.<CallHandler>empty()
                    : queueModule.callerHandler(target, call)).or(() -> extensionHandler(target, call)),
                    config.home(), new AiMetrics(metrics.registry()));
            a.register(handlers);
            queues = q;
            ai = a;
            factory = new NettyListenerFactory(transport, config.listener(), config.call(), handlers,
                    new CallLimits(config.gateway().allow(), config.gateway().maxCalls()),
                    r == null ? CallRecorder.NONE : r.calls());
            Warmup.run(factory, q);
            Stores.Opened store = Stores.open(config);
            alone = ClusterSource.single(config.node().name(), Version.current(),
                    () -> reports().stream().mapToInt(ListenerReport::active).sum());
            if (n != null) {
                startNode(n, q, config);
                metrics.registerCluster(cluster);
            }
            s = new StatusLog(this::reports, this::storeHealth, this::queueLines,
                    () -> ClusterReport.statusLines(cluster), config.status().interval());
            m = new ExtensionManager(new NodeScope(store.store(), config.node().name(), config.node().bind(),
                    n == null ? all -> { } : n::extensionsLoaded), factory, config.extensions(), s, store.cache());
            statusLog = s;
            manager = m;
            startTime = m.start(Duration.ofSeconds(30));
            // A flood's rate-limited lines are summed up once a minute, even after it stops.
            s.start().every(LogLimiter.WINDOW,
                    () -> factory.allCounters().forEach((ramal, c) -> c.logLimits.logSuppressed(ramal)));
            metrics.registerPacing(factory.pacers());
            if (config.http().enabled()) {
                b = new Board(this::reports, this::storeHealth, q, factory.pacers(),
                        r == null ? null : RecordSources.forServer(config), Clock.systemDefaultZone(),
                        Duration.ofSeconds(5), Version.current()).start();
                boardToTell.set(b);
                h = new AdminServer(config.http(), this::reports, this::storeHealth, metrics,
                        CallsResource.open(config), b, cluster).start(adminTransport);
            }
            board = b;
            admin = h;
            ok = true;
        } finally {
            if (!ok) {
                Closing.quietly(LOG, h, b, s, m, n, a, q, r);
                transport.close();
                adminTransport.close();
            }
        }
        LOG.info("ramal started listeners={} time-to-all-bound-ms={} admin={}", manager.statuses().size(),
                startTime.toMillis(), admin == null ? "off" : "http://" + config.http().bind() + ":" + admin.port());
    }

    /** Starts a gateway; throws when a part cannot start (the message says which and why). */
    public static Gateway start(RamalConfig config) throws Exception {
        return new Gateway(config);
    }

    /**
     * The attendant queue, registered for its modes; null when its prompts cannot be read, in
     * which case queue and agent extensions are refused with that reason and every other mode
     * still serves.
     */
    private QueueModule queueModule(RamalConfig config, Handlers handlers, ClusterNode n) {
        Path prompts = config.resolve("config/prompts");
        try {
            QueueEvents events = records == null ? QueueEvents.logging()
                    : QueueEvents.logging().andThen(records.queueEvents());
            // Pages show a caller arriving within a tenth of a second, not at the board's next second.
            events = events.andThen(e -> {
                Board b = boardToTell.get();
                if (b != null) {
                    b.changed();
                }
            });
            QueueModule q = new QueueModule(prompts, config.call(), this::extensionHandler, events,
                    n == null ? Placement.SINGLE_NODE : n);
            q.register(handlers);
            return q;
        } catch (IOException | RuntimeException e) {
            String why = "queue prompts unavailable: " + e.getMessage();
            LOG.error("queue module not started, queue and agent extensions will be refused prompts={} reason=\"{}\"",
                    prompts, e.getMessage());
            Consumer<Extension> refuse = ext -> {
                throw new IllegalArgumentException(why);
            };
            Function<Call, CallHandler> none = call -> {
                throw new IllegalStateException(why);
            };
            handlers.register(Mode.QUEUE, none, refuse).register(Mode.AGENT, none, refuse);
            return null;
        }
    }

    /**
     * A handler for {@code call} as if it had dialled {@code ramal}: the target of a queue's
     * overflow or an AI transfer. Empty when no listener of that ramal is serving. Runs on the
     * call's event loop: reads only the factory's live map.
     */
    private Optional<CallHandler> extensionHandler(String ramal, Call call) {
        NettyListener l = factory.listener(ramal);
        if (l == null || !l.accepting()) {
            return Optional.empty();
        }
        Extension ext = l.extension();
        try {
            return Optional.of(handlers.create(new Call(call.id(), ext, call.remote(), call.startedAt())));
        } catch (RuntimeException e) {
            LOG.warn("{} cannot move to ramal={} reason=\"{}\"", call.logPrefix(), LogText.escape(ramal),
                    LogText.escape(e.getMessage()));
            return Optional.empty();
        }
    }

    /** The running cluster once it has started; until then, and without one, this gateway alone. */
    private ClusterSource clusterNow() {
        return node == null ? alone : node.cluster().<ClusterSource>map(c -> c).orElse(alone);
    }

    /** The queues' and the record pools' lines of one status report; starts a new period. On the status thread. */
    private List<String> queueLines() {
        List<String> lines = new java.util.ArrayList<>();
        if (queues != null) {
            queues.snapshot(true).stream().map(QueueStats::summary).forEach(lines::add);
        }
        if (records != null) {
            lines.addAll(records.statusLines());
        }
        return lines;
    }

    /** The record writers, or null when {@code records.enabled} is false. */
    private static Records records(RamalConfig config) {
        if (!config.records().enabled()) {
            LOG.info("records off (records.enabled=false): calls and queue events are not written down");
            return null;
        }
        return Records.open(config.records(), config.db(), config.resolve(config.records().spoolDir()),
                config.resolve(config.records().filesDir()));
    }

    /** Every listener's report: state and counters. */
    public List<ListenerReport> reports() {
        List<ListenerStatus> statuses = manager == null ? List.of() : manager.statuses();
        return statuses.stream()
                .map(st -> ListenerReport.of(st, factory.counters(st.ramal()), factory.listener(st.ramal())))
                .toList();
    }

    /** The extension store's state: up, down since when, serving from the store, the cache or nothing. */
    public StoreHealth storeHealth() {
        return manager == null ? StoreHealth.starting("") : manager.storeHealth();
    }

    public ExtensionManager manager() {
        return manager;
    }

    public NettyListenerFactory factory() {
        return factory;
    }

    public StatusLog statusLog() {
        return statusLog;
    }

    /** The wallboard's data, or null when the admin server is off. */
    public Board board() {
        return board;
    }

    /** The admin server's port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** How long the start took until every listener had bound or failed. */
    public Duration startTime() {
        return startTime;
    }

    /** The attendant queues; null when their prompts could not be read. */
    public QueueModule queues() {
        return queues;
    }

    /** The metrics, as {@code /metrics} serves them. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /**
     * Joins the cluster: a node without its queues cannot own any, so without them it only
     * relays (and says so).
     */
    private void startNode(ClusterNode n, QueueModule q, RamalConfig config) throws InterruptedException {
        if (q == null) {
            throw new IllegalStateException("node.secret is set but the queue module did not start (see above):"
                    + " a cluster node needs its queue prompts");
        }
        n.start(q, factory, config.db(), () -> factory.listeners().values().stream()
                .mapToInt(NettyListener::activeCalls).sum());
    }

    /** Stops accepting, gives calls {@code gateway.shutdown-timeout}, then closes everything. */
    @Override
    public void close() {
        LOG.info("ramal stopping");
        // Queues first: their leases go to another node at once, and the legs relayed here move there.
        Closing.quietly(LOG, node);
        if (admin != null) {
            admin.close();
        }
        if (board != null) {
            board.close();
        }
        manager.stop(config.gateway().shutdownTimeout());
        statusLog.report();
        Closing.quietly(LOG, statusLog, ai, queues, records);
        transport.close();
        adminTransport.close();
        LOG.info("ramal stopped");
    }
}
