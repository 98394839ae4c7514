package io.ramal.gateway.relay;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a queue's matchmaking runs now, as this node knows it: here, on another node (whose relay
 * port a leg dials), or nowhere known yet (no owner, or this node lost the database): a leg then
 * waits and asks again.
 */
public sealed interface Route {

    /** This node owns the queue: its calls are served locally. */
    record Local() implements Route {
    }

    /**
     * Another node owns the queue.
     *
     * @param node    the owner's {@code node.name}, for logs
     * @param address the owner's relay port
     */
    record Remote(String node, InetSocketAddress address) implements Route {
        public Remote {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(address, "address");
        }
    }

    /** No owner known now. */
    record Unknown() implements Route {
    }

    /** The one {@link Local}. */
    Route LOCAL = new Local();

    /** The one {@link Unknown}. */
    Route UNKNOWN = new Unknown();
}
