package io.ramal.bench.report;

import java.util.List;

/**
 * The heavy scenario: one run per step of the call count.
 *
 * @param label         what was measured
 * @param steps         every step run, in order
 * @param largestClean  the largest call count that passed (nothing lost, gap p99 within 25 ms),
 *                      0 when none did
 * @param criterion     the pass criterion in words
 */
public record HeavyReport(String label, List<RunReport> steps, int largestClean, String criterion) {
}
