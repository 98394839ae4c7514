package io.ramal.bench.report;

import io.ramal.bench.LoadResult;
import io.ramal.bench.proc.ProcWindow;

/**
 * One load run with what was measured beside it.
 *
 * @param label       what was measured: {@code gateway}, {@code baseline}, or the user's label
 * @param scenario    {@code light}, {@code medium}, {@code heavy}, {@code custom}, {@code ai} or {@code queue}
 * @param load        the audio figures
 * @param server      the far end's CPU and memory over the window, or null when not found
 * @param loadgen     the load generator's own CPU and memory over the window
 * @param loadAverage /proc/loadavg at the window's end: other work on the machine shows here
 * @param note        why the server's figures are missing, or null
 */
public record RunReport(String label, String scenario, LoadResult load, ProcWindow server, ProcWindow loadgen,
                        String loadAverage, String note) {

    /** The heavy scenario's pass criterion: arrival-gap p99 at most this, in ms. */
    public static final double GAP_P99_LIMIT_MS = 25.0;

    /**
     * Clean by the heavy criterion: nothing lost, refused or dropped, gap p99 within 25 ms; for AI
     * every turn answered, for the queue every pair bridged and every leg hearing its partner's tone.
     */
    public boolean passes() {
        return load.clean(GAP_P99_LIMIT_MS);
    }

    /** What the mode adds to clean: every AI turn answered; every queue pair bridged, every leg hearing its partner's tone. */
    public boolean passesMode() {
        return load.modeClean();
    }
}
