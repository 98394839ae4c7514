package io.ramal.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ramal.bench.LoadPlan;
import io.ramal.bench.LoadResult;
import io.ramal.bench.Scenario;
import io.ramal.bench.Target;
import io.ramal.bench.Workload;
import io.ramal.bench.report.HeavyReport;
import io.ramal.bench.report.RunReport;
import io.ramal.bench.report.Tables;
import io.ramal.gateway.cli.RamalCommand;
import io.ramal.gateway.transport.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ramal loadtest}: plays Asterisk at scale against an AudioSocket line (echo, AI or the
 * attendant queue) and reports whether every call still hears an even 20 ms pace and all that
 * was said to it, and what the far end spends doing it.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open N concurrent AudioSocket calls that stream 20 ms slin frames, as Asterisk does, and measure "
                + "what the line sends back: loss, round trip, arrival-gap distribution, refused and dropped calls, "
                + "and the server's CPU and memory over the measured window.",
                "Scenarios: light (100 calls), medium (1000), heavy (steps up the count to find the largest with no "
                        + "loss and arrival-gap p99 <= 25 ms), all on an echo line; ai (callers speaking in turns to an "
                        + "AI line whose agent answers each turn, as ramal ai-demo does: loss of their voiced frames in "
                        + "the replies, turn latency); queue (N attendants on --agent-target and N callers on --target, "
                        + "bridged in pairs, each side a tone of its own: loss once bridged, one-way latency, every leg "
                        + "hearing its partner's tone). CPU per call-second counts every leg."})
public final class LoadTestCommand implements RamalCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "HOST:PORT[-PORT]",
            description = "The line(s) called; calls are spread over a port range round-robin (default: the demo set's "
                    + "echo line 127.0.0.1:40000, for ai its AI line 127.0.0.1:40300, for queue its queue line 127.0.0.1:40100).")
    String target;

    @Option(names = "--agent-target", paramLabel = "HOST:PORT[-PORT]", defaultValue = "127.0.0.1:40200",
            description = "Queue: the agent line(s) the attendants dial (default ${DEFAULT-VALUE}, the demo set's).")
    String agentTarget;

    @Option(names = "--calls", description = "Concurrent calls, or pairs for queue (default: the scenario's, else 100).")
    Integer calls;

    @Option(names = "--talk", defaultValue = "1",
            description = "AI: seconds of each caller's turn (default ${DEFAULT-VALUE}).")
    double talkSeconds;

    @Option(names = "--pause", defaultValue = "0.5",
            description = "AI: seconds of quiet a caller waits after the reply before its next turn (default ${DEFAULT-VALUE}).")
    double pauseSeconds;

    @Option(names = "--seconds", defaultValue = "20",
            description = "Measured window in seconds, after the ramp and 1 s of settling (default ${DEFAULT-VALUE}; heavy steps: 15 unless given).")
    double seconds;

    @Option(names = "--ramp", description = "Seconds over which the calls are opened (default: calls / 250, at least 1).")
    Double ramp;

    @Option(names = "--scenario", description = "light, medium, heavy, ai or queue.")
    String scenario;

    @Option(names = "--steps", paramLabel = "N,N,...",
            description = "Heavy: the call counts to step through (default 500,1000,...,6000; stops at the first unclean step "
                    + "after one step halfway back).")
    String steps;

    @Option(names = "--budget", defaultValue = "10",
            description = "Heavy: most minutes to spend; no step starts that would end past it (default ${DEFAULT-VALUE}).")
    double budgetMinutes;

    @Option(names = "--gateway-pid", paramLabel = "PID",
            description = "The server's process, for its CPU and memory (default: the owner of the target's first port, by ss).")
    Long gatewayPid;

    @Option(names = "--label", defaultValue = "gateway", description = "Name of the server in the report (default ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--json", description = "Print the result as JSON instead of tables.")
    boolean json;

    @Option(names = "--per-call", description = "Include every call's figures in the JSON, and the worst calls in the table.")
    boolean perCall;

    @Option(names = "--save", paramLabel = "FILE", description = "Also write the JSON result to this file (for loadtest-plot).")
    Path save;

    @Option(names = "--transport", defaultValue = "auto",
            description = "The load generator's Netty transport: auto (epoll), epoll, io_uring, nio (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(names = "--expect-clean", description = "Exit 1 unless nothing was lost, refused or dropped (light, medium, custom).")
    boolean expectClean;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Scenario sc = scenario == null ? null : Scenario.parse(scenario);
        Target t = Target.parse(target != null ? target
                : sc == Scenario.AI ? "127.0.0.1:40300" : sc == Scenario.QUEUE ? "127.0.0.1:40100" : "127.0.0.1:40000");
        if (seconds <= 0 || seconds > 24 * 3600) {
            throw new IllegalArgumentException("--seconds=" + seconds + " is invalid, allowed: more than 0, at most 86400");
        }
        if (ramp != null && (ramp < 0 || ramp > 3600)) {
            throw new IllegalArgumentException("--ramp=" + ramp + " is invalid, allowed: 0..3600");
        }
        Measurement m = new Measurement(gatewayPid, quiet ? null : err, TransportKind.parse(transport, "--transport", TransportKind.ALL));
        Object result;
        boolean clean;
        if (sc == Scenario.HEAVY) {
            HeavyReport h = heavy(t, m, err);
            result = h;
            clean = h.largestClean() > 0;
            if (!json) {
                out.println(Tables.runs(h.steps()));
                out.println("largest clean step: " + h.largestClean() + " calls (" + h.criterion() + ")");
                for (RunReport r : h.steps()) {
                    out.print(Tables.details(r, perCall ? 5 : 0));
                }
            }
        } else if (sc != null && !sc.echo()) {
            int n = calls != null ? calls : sc.calls;
            Workload w = sc == Scenario.AI
                    ? Workload.ai(seconds("--talk", talkSeconds), seconds("--pause", pauseSeconds))
                    : Workload.queue(Target.parse(agentTarget));
            LoadPlan p = plan(t, n, seconds);
            if (sc == Scenario.AI) { // a reply begins 0.7 s after the turn (the demo agent's silence detection) and lasts the turn
                p = new LoadPlan(p.target(), p.calls(), p.ramp(), p.settle(), p.window(),
                        Duration.ofMillis(Math.round(talkSeconds * 1000)).plusSeconds(5));
            }
            RunReport r = m.run(label, sc.label(), p, perCall, w);
            result = r;
            LoadResult l = r.load();
            clean = l.lost() == 0 && l.refused() == 0 && l.dropped() == 0 && r.passesMode();
            if (!json) {
                out.println(Tables.runs(List.of(r)));
                out.print(Tables.details(r, perCall ? 10 : 0));
            }
        } else {
            int n = calls != null ? calls : sc != null ? sc.calls : 100;
            RunReport r = m.run(label, sc == null ? "custom" : sc.label(), plan(t, n, seconds), perCall);
            result = r;
            clean = r.load().lost() == 0 && r.load().refused() == 0 && r.load().dropped() == 0;
            if (!json) {
                out.println(Tables.runs(List.of(r)));
                out.print(Tables.details(r, perCall ? 10 : 0));
            }
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (json) {
            out.println(mapper.writeValueAsString(result));
        }
        if (save != null) {
            Path parent = save.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            mapper.writeValue(save.toFile(), result);
        }
        out.flush();
        return expectClean && !clean ? 1 : 0;
    }

    private static Duration seconds(String option, double s) {
        if (!(s >= 0 && s <= 3600)) {
            throw new IllegalArgumentException(option + "=" + s + " is invalid, allowed: 0..3600 seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private LoadPlan plan(Target t, int n, double windowSeconds) {
        double r = ramp != null ? ramp : Scenario.defaultRampSeconds(n);
        return LoadPlan.of(t, n, Duration.ofMillis(Math.round(r * 1000)), Duration.ofMillis(Math.round(windowSeconds * 1000)));
    }

    private HeavyReport heavy(Target t, Measurement m, PrintWriter err) throws Exception {
        List<Integer> counts = steps != null ? Scenario.parseSteps(steps) : Scenario.defaultSteps();
        double window = spec.commandLine().getParseResult().hasMatchedOption("--seconds") ? seconds : 15;
        long deadline = System.nanoTime() + (long) (budgetMinutes * 60e9);
        List<RunReport> done = new ArrayList<>();
        int lastClean = 0;
        boolean refined = false;
        List<Integer> queue = new ArrayList<>(counts);
        while (!queue.isEmpty()) {
            int n = queue.remove(0);
            LoadPlan p = plan(t, n, window);
            long estimate = p.ramp().plus(p.settle()).plus(p.window()).plus(p.tail()).plusSeconds(5).toNanos();
            if (System.nanoTime() + estimate > deadline) {
                err.println("heavy: the " + budgetMinutes + "-minute budget leaves no time for " + n + " calls; stopping");
                break;
            }
            RunReport r = m.run(label, "heavy", p, perCall);
            done.add(r);
            err.printf("heavy: %d calls %s (lost %d, refused %d, dropped %d, gap p99 %.1f ms)%n", n,
                    r.passes() ? "clean" : "NOT clean", r.load().lost(), r.load().refused(), r.load().dropped(),
                    r.load().gapMs().p99());
            err.flush();
            if (r.passes()) {
                lastClean = Math.max(lastClean, n);
            } else {
                queue.clear();
                int mid = (lastClean + n) / 2 / 50 * 50;
                if (!refined && mid > lastClean && n - lastClean >= 500) {
                    refined = true;
                    queue.add(mid); // once: halfway back between the last clean step and this one
                }
            }
            TimeUnit.SECONDS.sleep(3); // let the server close the last step's calls
        }
        return new HeavyReport(label, done, lastClean,
                "no frame lost, no call refused or dropped, arrival-gap p99 <= " + RunReport.GAP_P99_LIMIT_MS + " ms");
    }
}
