package io.ramal.gateway;

import io.ramal.extensions.ExtensionManager;
import io.ramal.extensions.ExtensionsConfig;
import io.ramal.extensions.ListenerStatus;
import io.ramal.gateway.cli.Version;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.http.AdminServer;
import io.ramal.gateway.http.GatewayMetrics;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.listener.Transport;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.status.StatusLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * One running gateway process: the shared transport, the listener factory with the handlers of
 * every mode, the extension manager over the configured store, the status log and the admin
 * HTTP server, started in that order and stopped in reverse.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final RamalConfig config;
    private final Transport transport;
    private final NettyListenerFactory factory;
    private final ExtensionManager manager;
    private final StatusLog statusLog;
    private final GatewayMetrics metrics;
    private final AdminServer admin;
    private final Duration startTime;

    private Gateway(RamalConfig config) throws Exception {
        this.config = config;
        LOG.info("ramal starting version={} java={} pid={}", Version.current(), Runtime.version(),
                ProcessHandle.current().pid());
        transport = Transport.create(config.gateway().transport(), config.gateway().eventLoopThreads());
        boolean ok = false;
        ExtensionManager m = null;
        StatusLog s = null;
        AdminServer a = null;
        try {
            Handlers handlers = Handlers.withEcho();
            factory = new NettyListenerFactory(transport, config.listener(), config.call(), handlers);
            ExtensionsConfig ext = config.extensions();
            Stores.Opened store = Stores.open(config);
            s = new StatusLog(this::reports, List::of, config.status().interval());
            m = new ExtensionManager(store.store(), factory, ext, s, store.cache());
            metrics = new GatewayMetrics(this::reports);
            statusLog = s;
            manager = m;
            startTime = m.start(Duration.ofSeconds(30));
            s.start();
            if (config.http().enabled()) {
                a = new AdminServer(config.http(), this::reports, metrics).start(transport);
            }
            admin = a;
            ok = true;
        } finally {
            if (!ok) {
                if (a != null) {
                    a.close();
                }
                if (s != null) {
                    s.close();
                }
                if (m != null) {
                    m.close();
                }
                transport.close();
            }
        }
        LOG.info("ramal started listeners={} time-to-all-bound-ms={} admin={}", manager.statuses().size(),
                startTime.toMillis(), admin == null ? "off" : "http://" + config.http().bind() + ":" + admin.port());
    }

    /** Starts a gateway; throws when a part cannot start (the message says which and why). */
    public static Gateway start(RamalConfig config) throws Exception {
        return new Gateway(config);
    }

    /** Every listener's report: state and counters. */
    public List<ListenerReport> reports() {
        List<ListenerStatus> statuses = manager == null ? List.of() : manager.statuses();
        return statuses.stream()
                .map(st -> ListenerReport.of(st, factory.counters(st.ramal()), factory.listener(st.ramal())))
                .toList();
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

    /** The admin server's port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** How long the start took until every listener had bound or failed. */
    public Duration startTime() {
        return startTime;
    }

    /** Stops accepting, gives calls {@code gateway.shutdown-timeout}, then closes everything. */
    @Override
    public void close() {
        LOG.info("ramal stopping");
        if (admin != null) {
            admin.close();
        }
        manager.stop(config.gateway().shutdownTimeout());
        statusLog.report();
        statusLog.close();
        transport.close();
        LOG.info("ramal stopped");
    }
}
