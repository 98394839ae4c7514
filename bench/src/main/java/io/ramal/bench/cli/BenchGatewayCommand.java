package io.ramal.bench.cli;

import io.ramal.bench.Target;
import io.ramal.gateway.cli.RamalCommand;
import io.ramal.gateway.transport.Transport;
import io.ramal.gateway.transport.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ramal bench-gateway}: the gateway's own lines (its listener, codec, call session,
 * pacer, playout buffer and mode handlers, with the documented default settings) on a Netty
 * transport chosen on the command line: the echo line always, so that a transport change can be
 * measured before the gateway adopts it, and on request an AI line towards a given agent and the
 * queue's caller and attendant lines, for {@code loadtest --scenario ai} and {@code queue}
 * ({@link BenchLines}). An experiment, not a way to serve calls: {@code ramal serve} is.
 */
@Command(name = "bench-gateway", mixinStandardHelpOptions = true,
        description = {"Experiment: serve the gateway's echo line (its own listener, call and pacer code, default settings) "
                + "over a chosen Netty transport, to measure a transport before the gateway adopts it.",
                "With --ai-url also an AI line (Twilio Media Streams) towards that agent, e.g. ramal ai-demo; with --queue "
                        + "also a queue line and its agent line (queue bench), for loadtest --scenario ai and queue. "
                        + "With either, the gateway's start-up warm-up calls run first."})
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

    @Option(names = "--acceptor", defaultValue = "own",
            description = "Where the listening sockets accept: own (a loop of their own, as ramal serve does) or "
                    + "call-loop (on the calls' event loop, where a busy loop delays accepts) (default ${DEFAULT-VALUE}).")
    String acceptor;

    @Option(names = "--ai-url", paramLabel = "URL",
            description = "Also serve an AI line (Twilio Media Streams) towards this agent, e.g. ws://127.0.0.1:8765/{ramal}/{uuid} "
                    + "for ramal ai-demo.")
    String aiUrl;

    @Option(names = "--ai-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:41201",
            description = "Where the AI line listens (default ${DEFAULT-VALUE}).")
    String aiListen;

    @Option(names = "--queue", description = "Also serve a queue line and the agent line its attendants dial (queue bench).")
    boolean queue;

    @Option(names = "--queue-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:41202",
            description = "Where the queue line listens (default ${DEFAULT-VALUE}).")
    String queueListen;

    @Option(names = "--agent-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:41203",
            description = "Where the agent line listens (default ${DEFAULT-VALUE}).")
    String agentListen;

    @Option(names = "--prompts", paramLabel = "DIR", defaultValue = "config/prompts",
            description = "The queue's prompts (default ${DEFAULT-VALUE}, relative to the working directory).")
    Path prompts;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        TransportKind kind = TransportKind.parse(transport, "--transport", TransportKind.ALL);
        int loops = eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
        boolean ownAcceptor = switch (acceptor) {
            case "own" -> true;
            case "call-loop" -> false;
            default -> throw new ParameterException(spec.commandLine(),
                    "--acceptor=" + acceptor + " is invalid, allowed: own, call-loop");
        };
        Transport tr = Transport.create(kind, loops, "ramal-io", ownAcceptor);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (tr; BenchLines lines = BenchLines.start(tr, address(listen), aiUrl, address(aiListen),
                queue ? prompts : null, address(queueListen), address(agentListen))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "bench-gateway-stop"));
            out.println("gateway lines " + String.join(", ", lines.describe()) + " over " + kind.label() + ", " + loops
                    + " event loop(s), pid " + ProcessHandle.current().pid() + " (Ctrl-C stops)");
            out.flush();
            stop.await();
        }
        return 0;
    }

    private static InetSocketAddress address(String hostPort) {
        Target t = Target.parse(hostPort);
        return InetSocketAddress.createUnresolved(t.host(), t.firstPort());
    }
}
