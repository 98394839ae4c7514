package io.ramal.bench;

/**
 * One call's figures at the end of a run.
 *
 * @param index           the call's number, from 0
 * @param port            the port it called
 * @param state           {@code ok}, {@code refused} (never connected) or {@code dropped}
 *                        (the far end closed or hung up before we ended it)
 * @param sent            stamped frames sent
 * @param received        stamped frames that came back (each sequence number once)
 * @param lost            sent minus received
 * @param duplicates      stamped frames that came back again or out of order
 * @param foreign         stamped frames of another call that arrived on this one
 * @param primingSilence  frames without a stamp before the first echo (the far end priming)
 * @param silence         frames without a stamp after the first echo, in the window (the far end ran dry)
 * @param maxRttMs        the longest round trip, ms
 * @param maxGapMs        the longest time between two frames arriving after the first echo, ms
 * @param gapsOver25ms    arrival gaps longer than 25 ms
 */
public record CallSummary(int index, int port, String state, long sent, long received, long lost, long duplicates,
                          long foreign, long primingSilence, long silence, double maxRttMs, double maxGapMs,
                          long gapsOver25ms) {
}
