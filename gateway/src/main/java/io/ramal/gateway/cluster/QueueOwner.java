package io.ramal.gateway.cluster;

import java.time.Instant;

/**
 * A queue's lease row: which node holds it, since which tenure, until when (database clock). A
 * row whose {@code expiresAt} has passed is free for any node to take.
 *
 * @param queue     the queue's name
 * @param node      the node that holds it, or held it last
 * @param epoch     grows by one at every new tenure, so work done under an older one can be told apart
 * @param expiresAt when the lease runs out unless renewed
 */
public record QueueOwner(String queue, String node, long epoch, Instant expiresAt) {
}
