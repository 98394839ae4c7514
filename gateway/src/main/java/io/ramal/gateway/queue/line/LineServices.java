package io.ramal.gateway.queue.line;

import io.ramal.gateway.prompt.Prompts;
import io.ramal.gateway.queue.match.Matchmaker;

import java.util.Objects;

/**
 * What the caller and attendant handlers of this node share: the queue's prompts, the
 * matchmaker they post to, the registry of legs it answers through, the overflow lookup, and
 * how many frames a handler keeps queued ahead of the pacer. Made once by the queue module.
 *
 * @param prompts    the queue's announcements
 * @param matchmaker where queue state lives (by call id)
 * @param legs       this node's legs: each handler registers there for the matchmaker's answers
 * @param lookup     turns an overflow's ramal into a handler
 * @param leadFrames frames kept queued ahead of the pacer: enough to start playout at once, and
 *                   under the live buffer's latency limit
 * @param placement  where each queue's matchmaking runs: here, or on the node legs are relayed to
 */
public record LineServices(Prompts prompts, Matchmaker matchmaker, Legs legs, ExtensionLookup lookup,
                           int leadFrames, Placement placement) {

    public LineServices {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(matchmaker, "matchmaker");
        Objects.requireNonNull(legs, "legs");
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(placement, "placement");
    }
}
