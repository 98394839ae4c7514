package io.ramal.gateway.cluster;

import java.time.Instant;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the operations views ({@code /cluster}, {@code ramal nodes}, the status log, the metrics)
 * read: whether the gateway is clustered and the cluster as this node sees it now. A running
 * {@link Cluster} is one; a gateway that is not clustered gives {@link #single}.
 */
public interface ClusterSource {

    /** True for a node of a cluster, false for a gateway alone. */
    boolean clustered();

    /** The view now; cheap, never blocks. */
    ClusterView view();

    /** True only while this node holds an unexpired lease on {@code queue} by its own clock. */
    boolean ownsNow(String queue);

    /** The queues this node competes for. */
    Set<String> competing();

    /** A gateway alone: itself, alive, with its calls in progress, owning no lease. */
    static ClusterSource single(String self, String version, IntSupplier activeCalls) {
        Instant started = Instant.now();
        return new ClusterSource() {
            @Override
            public boolean clustered() {
                return false;
            }

            @Override
            public ClusterView view() {
                return ClusterView.single(self, version, started, activeCalls.getAsInt());
            }

            @Override
            public boolean ownsNow(String queue) {
                return false;
            }

            @Override
            public Set<String> competing() {
                return Set.of();
            }
        };
    }

    /**
     * A source that asks {@code current} at every call: for views built before the cluster starts
     * (the admin server, the status log), which then show the gateway alone until it has.
     */
    static ClusterSource following(Supplier<? extends ClusterSource> current) {
        return new ClusterSource() {
            @Override
            public boolean clustered() {
                return current.get().clustered();
            }

            @Override
            public ClusterView view() {
                return current.get().view();
            }

            @Override
            public boolean ownsNow(String queue) {
                return current.get().ownsNow(queue);
            }

            @Override
            public Set<String> competing() {
                return current.get().competing();
            }
        };
    }
}
