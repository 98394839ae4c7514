/**
 * Queue state, by call id only: who waits where, which attendants are free, who is paired with
 * whom. {@link io.ramal.gateway.queue.match.Matchmaker} is the interface handlers post to;
 * {@link io.ramal.gateway.queue.match.LocalMatchmaker} runs
 * {@link io.ramal.gateway.queue.match.Matching} (the state and its transitions) on one thread.
 * Answers go to a {@link io.ramal.gateway.queue.match.MatchListener}, pairings as
 * {@link io.ramal.gateway.queue.match.Pairing} decisions; it never holds a call, a handler or
 * audio, so it can later run on the node that holds a queue's lease. The queue's
 * {@link io.ramal.gateway.queue.match.Strategy} picks the attendant. Every transition is a
 * {@link io.ramal.gateway.queue.match.QueueEvent}; {@link io.ramal.gateway.queue.match.QueueStats}
 * is what the status log and metrics read.
 *
 * <p>Depends on nothing else of the queue: the settings it reads are the
 * {@link io.ramal.gateway.queue.match.QueueRules} port.
 */
package io.ramal.gateway.queue.match;
