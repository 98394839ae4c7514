package io.ramal.gateway.relay;

/**
 * Where each queue's owner is, as the cluster knows it now: the seam between the relay and the
 * cluster's database side. Called on the event loops, per call and every 200 ms of a leg that
 * lost its owner: it must be a lock-free read of state the cluster publishes (a volatile map),
 * never a query.
 */
@FunctionalInterface
public interface RelayRoutes {

    /** The route to {@code queue}'s owner now; never null ({@link Route#UNKNOWN} when none is known). */
    Route route(String queue);
}
