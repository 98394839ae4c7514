package io.ramal.gateway.queue.line;

import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;

import java.util.function.Function;

/**
 * Where each queue's matchmaking runs, as this node sees it, and how a leg reaches it. On a
 * single gateway every queue is here. In a cluster a queue (with the others its attendants
 * serve) has one owner node at a time: a leg that arrives elsewhere is relayed to the owner, and
 * when the owner changes, legs move. The gateway implements it from the cluster's view.
 *
 * <p>{@link #here} and {@link #elsewhere} are called on event loops: lock-free reads only.
 */
public interface Placement {

    /** Every queue on this node: a gateway that is not part of a cluster. */
    Placement SINGLE_NODE = new Placement() {
        @Override
        public boolean here(String queue) {
            return true;
        }

        @Override
        public CallHandler elsewhere(Call call, String queue, boolean attendant, long arrivedAtMillis,
                                     Function<CallContext, CallHandler> whenHere) {
            throw new IllegalStateException("queue " + queue + " is always on this node");
        }
    };

    /** True when the matchmaking of {@code queue} runs on this node now. */
    boolean here(String queue);

    /**
     * A handler that carries {@code call} to the node that owns {@code queue} (and waits for one
     * while none does), keeping {@code arrivedAtMillis} so the call keeps its place.
     *
     * @param attendant true for an attendant's leg, false for a caller's
     * @param whenHere  makes this node's own handler for the call, should the queue come here
     */
    CallHandler elsewhere(Call call, String queue, boolean attendant, long arrivedAtMillis,
                          Function<CallContext, CallHandler> whenHere);

    /**
     * This node lost {@code queue} while {@code ctx}'s leg was in it: a leg that another node
     * relayed here is closed without a hangup (that node re-enters it with the new owner); a leg
     * of this node's own goes to {@link #elsewhere}. On the call's event loop.
     */
    default void evict(CallContext ctx, String queue, boolean attendant, long arrivedAtMillis,
                       Function<CallContext, CallHandler> whenHere) {
        if (relayedHere(ctx)) {
            ctx.moveAway("queue " + queue + " moved to another node");
        } else {
            ctx.transfer(elsewhere(ctx.call(), queue, attendant, arrivedAtMillis, whenHere),
                    "queue " + queue + " moved to another node");
        }
    }

    /** True when another node relayed {@code ctx}'s call here (its Asterisk leg is there). */
    default boolean relayedHere(CallContext ctx) {
        return false;
    }
}
