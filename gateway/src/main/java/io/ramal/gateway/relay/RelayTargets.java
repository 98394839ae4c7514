package io.ramal.gateway.relay;

import io.ramal.gateway.call.CallOwner;

/**
 * The owner side of the relay: what runs a relayed leg once its header is verified. Implemented by
 * the gateway's wiring, which knows the queues this node owns and their extensions.
 */
@FunctionalInterface
public interface RelayTargets {

    /**
     * The {@link CallOwner} that runs {@code header}'s leg as a local call (its handler, counters,
     * records), or null when this node does not own {@code header.queue()}: the relaying node is
     * then told so and looks the owner up again. Called on the connection's event loop: must not
     * block.
     */
    CallOwner ownerFor(RelayHeader header);
}
