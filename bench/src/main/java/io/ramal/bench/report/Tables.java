package io.ramal.bench.report;

import io.ramal.bench.BridgeFigures;
import io.ramal.bench.CallSummary;
import io.ramal.bench.Dist;
import io.ramal.bench.LoadResult;
import io.ramal.bench.TurnFigures;
import io.ramal.bench.proc.ProcWindow;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders load runs as Markdown tables, the same on the terminal and in BENCHMARKS.md. An AI run's
 * table shows voiced frames and turn latency where echo shows stamped frames and round trip; a
 * queue run's shows pairs, frames sent once bridged and the one-way latency, and its CPU is per leg.
 */
public final class Tables {

    private static final String HEADER =
            "| server | calls | refused | dropped | sent | lost | rtt p50 / p99 / max ms | gap p1 / p50 / p99 / max ms "
                    + "| gaps > 25 ms | server CPU % core | CPU ms per call-s | server RSS MiB | loadgen CPU % | load avg | clean |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|---|\n";

    private Tables() {
    }

    private static final String AI_HEADER =
            "| server | calls | refused | dropped | voiced sent | lost | turns (answered / complete) | turn latency p50 / p99 / max ms "
                    + "| gap p1 / p50 / p99 / max ms | gaps > 25 ms | server CPU % core | CPU ms per call-s | server RSS MiB "
                    + "| loadgen CPU % | load avg | clean |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|---|---|\n";

    private static final String QUEUE_HEADER =
            "| server | pairs (legs) | refused | dropped | sent once bridged | lost | pairs bridged / legs hearing partner's tone "
                    + "| one-way p50 / p99 / max ms | gap p1 / p50 / p99 / max ms | gaps > 25 ms | server CPU % core "
                    + "| CPU ms per leg-s | server RSS MiB | loadgen CPU % | load avg | clean |\n"
                    + "|---|---:|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|---|---|\n";

    /** A table of runs, one row each; the header is the first run's mode's. */
    public static String runs(List<RunReport> runs) {
        LoadResult first = runs.isEmpty() ? null : runs.get(0).load();
        String header = first == null ? HEADER : first.turns() != null ? AI_HEADER
                : first.bridges() != null ? QUEUE_HEADER : HEADER;
        StringBuilder sb = new StringBuilder(header);
        for (RunReport r : runs) {
            sb.append(row(r)).append('\n');
        }
        return sb.toString();
    }

    static String row(RunReport r) {
        LoadResult l = r.load();
        ProcWindow s = r.server();
        TurnFigures t = l.turns();
        BridgeFigures b = l.bridges();
        if (t != null || b != null) {
            Dist lat = t != null ? t.latencyMs() : l.rttMs();
            return String.format(Locale.ROOT,
                    "| %s | %s | %d | %d | %d | %d | %s | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f / %.1f | %d | %s | %s | %s | %s | %s | %s |",
                    r.label(), t != null ? Integer.toString(l.calls()) : b.pairs() + " (" + l.calls() + ")",
                    l.refused(), l.dropped(), l.sent(), l.lost(),
                    t != null ? t.turns() + " (" + t.answered() + " / " + t.complete() + ")"
                            : b.pairsBridged() + " / " + b.legsHearingPartnerTone(),
                    lat.p50(), lat.p99(), lat.max(), l.gapMs().p1(), l.gapMs().p50(), l.gapMs().p99(), l.gapMs().max(),
                    l.gapsOver25ms(), s == null ? "n/a" : fmt(s.cpuPercentOfCore()),
                    s == null || s.cpuMsPerCallSecond() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", s.cpuMsPerCallSecond()),
                    s == null ? "n/a" : fmt(s.rssMiB()), r.loadgen() == null ? "n/a" : fmt(r.loadgen().cpuPercentOfCore()),
                    r.loadAverage() == null ? "" : r.loadAverage(), r.passes() ? "yes" : "no");
        }
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
        if (l.turns() != null) {
            TurnFigures t = l.turns();
            sb.append(String.format(Locale.ROOT,
                    "turns of %.1f s, %.1f s pause: %d spoken, %d answered, %d complete (every voiced frame back); "
                            + "turn latency (end of turn to the reply's first voiced frame) p1 %.1f p50 %.1f p99 %.1f max %.1f ms "
                            + "over %d turns; echoes above are voiced frames heard back in the replies, underrun "
                            + "silence the frames without speech after the first reply (the agent listening)%n",
                    t.talkSeconds(), t.pauseSeconds(), t.turns(), t.answered(), t.complete(), t.latencyMs().p1(),
                    t.latencyMs().p50(), t.latencyMs().p99(), t.latencyMs().max(), t.latencyMs().count()));
        }
        if (l.bridges() != null) {
            BridgeFigures b = l.bridges();
            sb.append(String.format(Locale.ROOT,
                    "%d pairs (attendants on %s): %d legs bridged, %d pairs hearing each other, %d legs hearing their "
                            + "partner's tone in every frame (%d frames the partner's tone, %d another); echoes above are "
                            + "the partners' frames from the first one heard, rtt is one-way%n",
                    b.pairs(), b.agents(), b.legsBridged(), b.pairsBridged(), b.legsHearingPartnerTone(),
                    b.partnerToneFrames(), b.otherToneFrames()));
        }
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
