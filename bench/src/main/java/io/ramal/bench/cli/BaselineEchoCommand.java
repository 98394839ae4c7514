package io.ramal.bench.cli;

import io.ramal.bench.baseline.BaselineEchoServer;
import io.ramal.bench.Target;
import io.ramal.gateway.cli.RamalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ramal baseline-echo}: the thread-per-connection echo server, for comparison only. Runs
 * until interrupted.
 */
@Command(name = "baseline-echo", mixinStandardHelpOptions = true,
        description = "Serve an AudioSocket echo line the old way, a thread per connection with blocking sockets and a "
                + "sleep-until-deadline pacing loop per thread: the baseline the gateway is benchmarked against.")
public final class BaselineEchoCommand implements RamalCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:41100",
            description = "Where to listen (default ${DEFAULT-VALUE}).")
    String listen;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Target t = Target.parse(listen);
        if (t.portCount() != 1) {
            throw new IllegalArgumentException("--listen " + listen + " is a range, expected one HOST:PORT");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (BaselineEchoServer server = new BaselineEchoServer(new InetSocketAddress(t.host(), t.firstPort()))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "baseline-stop"));
            out.println("baseline echo listening on " + t.host() + ":" + server.port() + " pid "
                    + ProcessHandle.current().pid() + " (a thread per connection; Ctrl-C stops)");
            out.flush();
            stop.await();
        }
        return 0;
    }
}
