package io.ramal.bench.cli;

import io.ramal.bench.Target;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.cli.RamalCommand;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.transport.Transport;
import io.ramal.gateway.transport.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ramal bench-gateway}: the gateway's own echo line (its listener, codec, call session,
 * pacer and playout buffer, with the documented default settings) on a Netty transport chosen on
 * the command line, so that a transport change can be measured before the gateway adopts it. An
 * experiment, not a way to serve calls: {@code ramal serve} is.
 */
@Command(name = "bench-gateway", mixinStandardHelpOptions = true,
        description = "Experiment: serve the gateway's echo line (its own listener, call and pacer code, default settings) "
                + "over a chosen Netty transport, to measure a transport before the gateway adopts it.")
public final class BenchGatewayCommand implements RamalCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:41200",
            description = "Where the echo line listens (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--transport", defaultValue = "io_uring",
            description = "auto (epoll), epoll, io_uring or nio (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--event-loops", defaultValue = "0", description = "Event loops; 0 for one per core (default ${DEFAULT-VALUE}).")
    int eventLoops;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Target t = Target.parse(listen);
        TransportKind kind = TransportKind.parse(transport, "--transport", TransportKind.ALL);
        int loops = eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
        Transport tr = Transport.create(kind, loops, "ramal-io", false);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (tr) {
            NettyListenerFactory f = new NettyListenerFactory(tr, SocketTuning.DEFAULTS, CallSettings.DEFAULTS,
                    Handlers.withEcho());
            Extension ext = new Extension("9000", t.host(), t.firstPort(), Mode.ECHO, Map.of(), null, true,
                    "bench-gateway experiment");
            f.bind(ext).get(10, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "bench-gateway-stop"));
            out.println("gateway echo line on " + t.host() + ":" + t.firstPort() + " over " + kind.label() + ", " + loops
                    + " event loop(s), pid " + ProcessHandle.current().pid() + " (Ctrl-C stops)");
            out.flush();
            stop.await();
        }
        return 0;
    }
}
