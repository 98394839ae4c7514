/**
 * The audio of the queue's pairings on this node: a {@link io.ramal.gateway.queue.audio.Bridge}
 * of two one-way {@link io.ramal.gateway.queue.audio.AudioRing}s per conversation, the
 * {@link io.ramal.gateway.queue.audio.Bridges} registry that makes them when told of a pairing
 * and tears them down when it ends, and the {@link io.ramal.gateway.queue.audio.Relay} that moves
 * a ring into the receiving call's playout buffer at its rate.
 */
package io.ramal.gateway.queue.audio;
