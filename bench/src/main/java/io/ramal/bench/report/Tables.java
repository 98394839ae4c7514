package io.ramal.bench.report;

import io.ramal.bench.CallSummary;
import io.ramal.bench.LoadResult;
import io.ramal.bench.proc.ProcWindow;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders load runs as Markdown tables, the same on the terminal and in BENCHMARKS.md. */
public final class Tables {

    private static final String HEADER =
            "| server | calls | refused | dropped | sent | lost | rtt p50 / p99 / max ms | gap p1 / p50 / p99 / max ms "
                    + "| gaps > 25 ms | server CPU % core | CPU ms per call-s | server RSS MiB | loadgen CPU % | load avg | clean |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|---|\n";

    private Tables() {
    }

    /** A table of runs, one row each. */
    public static String runs(List<RunReport> runs) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (RunReport r : runs) {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    static String row(RunReport r) {
        LoadResult l = r.load();
        ProcWindow s = r.server();
        return String.format(Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f / %.1f | %d | %s | %s | %s | %s | %s | %s |",
                r.label(), l.calls(), l.refused(), l.dropped(), l.sent(), l.lost(),
                l.rttMs().p50(), l.rttMs().p99(), l.rttMs().max(),
                l.gapMs().p1(), l.gapMs().p50(), l.gapMs().p99(), l.gapMs().max(), l.gapsOver25ms(),
                s == null ? "n/a" : fmt(s.cpuPercentOfCore()),
                s == null || s.cpuMsPerCallSecond() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", s.cpuMsPerCallSecond()),
                s == null ? "n/a" : fmt(s.rssMiB()),
                r.loadgen() == null ? "n/a" : fmt(r.loadgen().cpuPercentOfCore()),
                r.loadAverage() == null ? "" : r.loadAverage(),
                r.passes() ? "yes" : "no");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The run's detail: where the server's figures came from and the worst calls. */
    public static String details(RunReport r, int worst) {
        StringBuilder sb = new StringBuilder();
        LoadResult l = r.load();
        sb.append(String.format(Locale.ROOT,
                "%s: %d calls to %s, ramp %.0f s, window %.0f s; echoes %d/%d, duplicates %d, foreign %d, "
                        + "priming silence %d (ignored), underrun silence %d, send blocked %d, calls with a gap > 25 ms %d, "
                        + "loadgen ticker max lag %.2f ms%n",
                r.label(), l.calls(), l.target(), l.rampSeconds(), l.windowSeconds(), l.received(), l.sent(),
                l.duplicates(), l.foreign(), l.primingSilence(), l.silence(), l.sendBlocked(), l.callsWithGapOver25ms(),
                l.maxSendLagMs()));
        if (r.server() != null) {
            ProcWindow s = r.server();
            sb.append(String.format(Locale.ROOT,
                    "server pid %d (found by %s): CPU %.1f%% of a core (user %.1f, sys %.1f) over %.1f s, "
                            + "RSS %.1f MiB (peak %.1f), %d threads%n",
                    s.pid(), s.foundBy(), s.cpuPercentOfCore(), s.userPercent(), s.sysPercent(), s.seconds(),
                    s.rssMiB(), s.peakRssMiB(), s.threads()));
        } else if (r.note() != null) {
            sb.append("server: ").append(r.note()).append('\n');
        }
        if (r.loadgen() != null) {
            sb.append(String.format(Locale.ROOT, "loadgen pid %d: CPU %.1f%% of a core, RSS %.1f MiB, %d threads%n",
                    r.loadgen().pid(), r.loadgen().cpuPercentOfCore(), r.loadgen().rssMiB(), r.loadgen().threads()));
        }
        List<CallSummary> calls = l.perCall();
        if (calls != null && worst > 0) {
            List<CallSummary> bad = calls.stream()
                    .sorted(Comparator.comparingLong(CallSummary::lost).thenComparingDouble(CallSummary::maxGapMs)
                            .reversed())
                    .limit(worst).toList();
            sb.append("worst calls:\n| call | port | state | sent | back | lost | silence | max rtt ms | max gap ms | gaps > 25 ms |\n")
                    .append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (CallSummary c : bad) {
                sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %d | %d | %d | %.1f | %.1f | %d |%n",
                        c.index(), c.port(), c.state(), c.sent(), c.received(), c.lost(), c.silence(), c.maxRttMs(),
                        c.maxGapMs(), c.gapsOver25ms()));
            }
        }
        return sb.toString();
    }
}
