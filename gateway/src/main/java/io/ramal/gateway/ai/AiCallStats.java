package io.ramal.gateway.ai;

import org.slf4j.Logger;

import java.util.List;

/**
 * What one AI call measured, for the call summary and the metrics. Built when the AI handler
 * ends (call end, transfer, fallback).
 *
 * @param ramal              the extension whose AI leg this was
 * @param outcome            how the agent leg ended: {@code caller-hangup}, {@code transfer},
 *                           {@code hangup}, {@code fallback}, {@code ended}
 * @param connectMillis      connect plus WebSocket handshake time, -1 when it never connected
 * @param turnLatenciesMs    per agent turn: from the caller's last speech frame before the reply
 *                           to the reply's first audio arriving from the agent, in milliseconds
 * @param underruns          playout gaps while the agent was talking (see
 *                           {@link io.ramal.audio.PlayoutBuffer#underruns()})
 * @param callerFramesSent   20 ms frames of caller audio sent to the agent
 * @param callerFramesDropped frames of caller audio dropped because the agent's socket was full, or
 *                           because more than two seconds came while the agent connected
 * @param agentAudioMillis   audio received from the agent, in milliseconds
 * @param marksEchoed        marks echoed back to the agent
 * @param clears             {@code clear} (barge-in) messages obeyed
 * @param framesCleared      20 ms frames dropped by those clears
 * @param badMessages        agent messages that could not be understood (logged, skipped)
 */
public record AiCallStats(String ramal, String outcome, long connectMillis, List<Long> turnLatenciesMs,
                          long underruns, long callerFramesSent, long callerFramesDropped, long agentAudioMillis,
                          long marksEchoed, long clears, long framesCleared, long badMessages) {

    public AiCallStats {
        turnLatenciesMs = List.copyOf(turnLatenciesMs);
    }

    /** Agent turns measured. */
    public int turns() {
        return turnLatenciesMs.size();
    }

    /** Mean turn latency in milliseconds, -1 without turns. */
    public long meanTurnLatencyMs() {
        return turnLatenciesMs.isEmpty() ? -1
                : Math.round(turnLatenciesMs.stream().mapToLong(Long::longValue).average().orElse(-1));
    }

    /** The {@code ai ended} line of the call whose log prefix is {@code prefix}. */
    void logEnded(Logger log, String prefix) {
        log.info("{} ai ended outcome={} connect-ms={} turns={} turn-latency-mean-ms={} turn-latency-max-ms={} "
                        + "underruns={} caller-frames={} caller-dropped={} agent-audio-ms={} marks={} clears={} "
                        + "frames-cleared={} bad-messages={}",
                prefix, outcome, connectMillis, turns(), meanTurnLatencyMs(), maxTurnLatencyMs(), underruns,
                callerFramesSent, callerFramesDropped, agentAudioMillis, marksEchoed, clears, framesCleared,
                badMessages);
    }

    /** Largest turn latency in milliseconds, -1 without turns. */
    public long maxTurnLatencyMs() {
        return turnLatenciesMs.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
