package io.ramal.bench;

/**
 * What the callers of an AI line said and heard back, over the whole run. A turn is a burst of
 * voiced frames; its reply is the agent's answer as the caller hears it through the gateway.
 *
 * @param talkSeconds   each turn's length
 * @param pauseSeconds  quiet the caller waits after a reply before its next turn
 * @param turns         turns spoken
 * @param answered      turns whose reply began (at least one of its frames came back)
 * @param complete      turns whose every voiced frame came back in the reply
 * @param latencyMs     turn latency: from the end of the caller's turn (its last voiced frame
 *                      sent) to the first voiced frame of the reply arriving, every answered turn
 */
public record TurnFigures(double talkSeconds, double pauseSeconds, long turns, long answered, long complete,
                          Dist latencyMs) {
}
