package io.ramal.bench.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.bench.report.HeavyPlot;
import io.ramal.bench.report.HeavyReport;
import io.ramal.gateway.cli.RamalCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ramal loadtest-plot}: draws saved heavy results as one PNG. */
@Command(name = "loadtest-plot", mixinStandardHelpOptions = true,
        description = "Plot heavy-scenario results saved by `ramal loadtest --scenario heavy --save FILE`: arrival-gap p99 "
                + "and server CPU against concurrent calls, one line per server.")
public final class PlotCommand implements RamalCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--series", required = true, paramLabel = "LABEL=FILE",
            description = "A line of the plot: its label and a saved heavy result (repeatable).")
    Map<String, Path> series;

    @Option(names = "--out", defaultValue = "bench/results/heavy.png", description = "The PNG (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--title", defaultValue = "Heavy scenario: echo calls on one core (taskset), 20 ms slin 8 kHz frames",
            description = "The plot's title.")
    String title;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Map<String, List<HeavyPlot.Point>> lines = HeavyPlot.series();
        for (Map.Entry<String, Path> e : series.entrySet()) {
            HeavyReport r = mapper.readValue(e.getValue().toFile(), HeavyReport.class);
            lines.put(e.getKey(), HeavyPlot.points(r));
        }
        HeavyPlot.render(lines, title, out);
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }
}
