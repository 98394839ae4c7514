package io.ramal.bench.cli;

import io.ramal.bench.LoadGenerator;
import io.ramal.bench.LoadPlan;
import io.ramal.bench.LoadResult;
import io.ramal.bench.Progress;
import io.ramal.bench.Workload;
import io.ramal.bench.proc.PortOwner;
import io.ramal.bench.proc.ProcSample;
import io.ramal.bench.proc.ProcWindow;
import io.ramal.bench.report.RunReport;
import io.ramal.gateway.transport.TransportKind;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Runs one load plan and samples, over its measured window, the far end's process (when it can
 * be found: by {@code --gateway-pid}, else as the owner of the target's first port) and the
 * load generator's own, so every figure comes with its cost and the machine's load beside it.
 */
final class Measurement {

    private final Long givenPid;
    private final PrintWriter progress;
    private final TransportKind transport;

    /**
     * @param givenPid the far end's pid from the command line, or null to look it up by port
     * @param progress  where the progress lines go, or null for none
     * @param transport the load generator's Netty transport
     */
    Measurement(Long givenPid, PrintWriter progress, TransportKind transport) {
        this.givenPid = givenPid;
        this.progress = progress;
        this.transport = transport;
    }

    RunReport run(String label, String scenario, LoadPlan plan, boolean perCall) throws Exception {
        return run(label, scenario, plan, perCall, Workload.echo());
    }

    /** Runs {@code plan} with {@code workload}'s legs; the server's CPU per call-second counts every leg. */
    RunReport run(String label, String scenario, LoadPlan plan, boolean perCall, Workload workload) throws Exception {
        long self = ProcessHandle.current().pid();
        Long pid = givenPid;
        String foundBy = "--gateway-pid";
        String note = null;
        if (pid == null) {
            int port = plan.target().firstPort();
            OptionalLong owner = PortOwner.find(port);
            if (owner.isPresent()) {
                pid = owner.getAsLong();
                foundBy = "ss port " + port + (pid == self ? " (this process: figures include the load generator)" : "");
            } else {
                note = "no process found listening on port " + port + " (ss -ltnp), give --gateway-pid";
            }
        }
        Long serverPid = pid;
        ProcSample[] server = new ProcSample[2];
        ProcSample[] mine = new ProcSample[2];
        LoadGenerator gen = new LoadGenerator(plan, perCall, transport, workload);
        LoadResult result = gen.run(new LoadGenerator.Observer() {
            @Override
            public void progress(Progress p) {
                if (progress != null) {
                    progress.println(label + " " + p.line(gen.legs()));
                    progress.flush();
                }
            }

            @Override
            public void windowStarted() {
                server[0] = sample(serverPid);
                mine[0] = sample(self);
            }

            @Override
            public void windowEnded() {
                server[1] = sample(serverPid);
                mine[1] = sample(self);
            }
        });
        if (gen.firstError() != null && progress != null) {
            progress.println(label + " first problem: " + gen.firstError());
        }
        ProcWindow sw = server[0] != null && server[1] != null
                ? ProcWindow.between(server[0], server[1], foundBy, gen.legs()) : null;
        if (sw == null && note == null && serverPid != null) {
            note = "process " + serverPid + " could not be read from /proc";
        }
        ProcWindow lw = mine[0] != null && mine[1] != null ? ProcWindow.between(mine[0], mine[1], "self", 0) : null;
        return new RunReport(label, scenario, result, sw, lw, loadAverage(), note);
    }

    private static ProcSample sample(Long pid) {
        if (pid == null) {
            return null;
        }
        try {
            return ProcSample.read(pid);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The first three fields of /proc/loadavg, or null off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
