/**
 * The attendant queue: callers dial a {@code queue} extension and wait, attendants dial an
 * {@code agent} extension and stay on the line, and the gateway pairs them and relays their
 * audio.
 *
 * <p>The public face, at this root, is the wiring: {@link io.ramal.gateway.queue.QueueModule}
 * (what the gateway creates and registers), {@link io.ramal.gateway.queue.QueueSettings} and
 * {@link io.ramal.gateway.queue.AgentSettings} (the extensions' settings, documented there) and
 * {@link io.ramal.gateway.queue.QueueMetrics}. Below it, one package per role, dependencies
 * pointing one way ({@code queue -> line -> audio -> match}):
 * <ul>
 * <li>{@link io.ramal.gateway.queue.match}: the queue state. It speaks of calls by id only and
 *     answers with pairing decisions, so it could live on another node; also its events and
 *     statistics;</li>
 * <li>{@link io.ramal.gateway.queue.audio}: the audio of a pairing on this node (two lock-free
 *     rings per bridge) and the registry that makes and tears down bridges;</li>
 * <li>{@link io.ramal.gateway.queue.line}: the caller's and the attendant's call handlers, and
 *     the registry of this node's legs by call id that routes the matchmaker's answers to
 *     them.</li>
 * </ul>
 *
 * <p>Threads: all queue state lives in the matchmaker, on one thread ({@code ramal-queue}).
 * Handlers run on their calls' event loops, post to it and never wait; its answers reach each
 * handler through {@link io.ramal.gateway.queue.line.Legs}, and hop back to the call's loop
 * through the handler's inbox. Bridged audio crosses between the two calls' loops through a
 * single-producer, single-consumer {@link io.ramal.gateway.queue.audio.AudioRing} per
 * direction, drained on the receiver's tick.
 */
package io.ramal.gateway.queue;
