package io.ramal.bench.cli;

import io.ramal.bench.Target;
import io.ramal.bench.fuzz.FuzzRun;
import io.ramal.gateway.cli.RamalCommand;
import io.ramal.gateway.transport.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code ramal fuzz}: the hostile-peer run. Starts the gateway's echo line in this process on one
 * event loop, keeps one well-behaved call streaming on it, and sends fuzzed frames at it over
 * many connections; reports the good call's losses and gaps and any leaked buffer. Exit code 0
 * when the good call lost nothing, its gap p99 stayed within 25 ms and nothing leaked.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send fuzzed AudioSocket frames (every kind, unknown ones, any length, truncated frames, random "
                + "payloads) over many connections at an in-process gateway echo line forced onto one event loop, while "
                + "one good call streams on the same loop; report the good call's loss and gap p99 and any leak.",
                "Run with -Dio.netty.leakDetectionLevel=paranoid for the leak count to mean something."})
public final class FuzzCommand implements RamalCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--frames", defaultValue = "1000000", description = "Fuzzed frames to send (default ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--warmup-frames", defaultValue = "100000",
            description = "Fuzzed frames sent before the good call starts, for the JIT; not counted (default ${DEFAULT-VALUE}).")
    long warmupFrames;

    @Option(names = "--concurrency", defaultValue = "64", description = "Fuzz connections open at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", defaultValue = "25000",
            description = "Fuzzed frames a second at most; 0 for as fast as they go (default ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--seed", defaultValue = "13", description = "The generator's seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "An echo line in another process (e.g. ramal bench-gateway --event-loops 1), so that its JVM "
                    + "is not this one's; default: one in this process, on one event loop.")
    String target;

    @Option(names = "--transport", defaultValue = "auto", description = "auto (epoll), epoll or nio (default ${DEFAULT-VALUE}).")
    String transport;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        TransportKind kind = TransportKind.parse(transport, "--transport", TransportKind.GATEWAY);
        InetSocketAddress external = null;
        if (target != null) {
            Target t = Target.parse(target);
            external = new InetSocketAddress(t.host(), t.firstPort());
        }
        FuzzRun.Result r = FuzzRun.run(new FuzzRun.Plan(warmupFrames, frames, concurrency, rate, seed, kind, external));
        PrintWriter out = spec.commandLine().getOut();
        r.lines().forEach(out::println);
        out.flush();
        return r.passed() ? 0 : 1;
    }
}
