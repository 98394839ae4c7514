package io.ramal.gateway.cluster;

/**
 * Told when this node starts and stops running a queue's matchmaking. Both are called on the
 * cluster's fence thread ({@code ramal-cluster-fence}), one at a time, in the order they happen,
 * never from the heartbeat thread that may be stuck in JDBC; an implementation must not block
 * (hand the work to the queue's own executor). A queue is lost before it can be gained again, and
 * gained again only under a higher epoch.
 */
public interface OwnershipListener {

    /** This node now owns {@code queue}, under {@code epoch}. */
    void gained(String queue, long epoch);

    /**
     * This node no longer owns {@code queue}: called before its local deadline passes
     * (self-fencing), so before any other node can take the queue. {@code why} is one of
     * {@code lease expired locally}, {@code no longer competing}, {@code closing},
     * {@code taken by node=<name>}.
     */
    void lost(String queue, String why);
}
