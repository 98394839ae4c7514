/**
 * The attendant queue: callers dial a {@code queue} extension and wait, attendants dial an
 * {@code agent} extension and stay on the line, and the gateway pairs them and relays their
 * audio.
 *
 * <p>The public face: {@link io.ramal.gateway.queue.QueueModule} (what the gateway creates and
 * registers), {@link io.ramal.gateway.queue.QueueSettings} and
 * {@link io.ramal.gateway.queue.AgentSettings} (the extensions' settings, documented there),
 * {@link io.ramal.gateway.queue.QueueEvents} and {@link io.ramal.gateway.queue.QueueStats}
 * (what the status log, metrics and call records read), and
 * {@link io.ramal.gateway.queue.ExtensionLookup} (overflow to another extension).
 *
 * <p>Threads: all queue state lives in the {@link io.ramal.gateway.queue.Matchmaker}, on one
 * thread ({@code ramal-queue}). Handlers run on their calls' event loops, post to it and never
 * wait; it answers through each call's {@link io.ramal.gateway.queue.CallerLine} or
 * {@link io.ramal.gateway.queue.AttendantLine}, which hop back with {@code eventLoop().execute}.
 * Bridged audio crosses between the two calls' loops through a lock-free single-producer,
 * single-consumer {@link io.ramal.gateway.queue.AudioRing} per direction, drained on the
 * receiver's tick.
 */
package io.ramal.gateway.queue;
