/**
 * Several gateway nodes on one PostgreSQL, the database side (issue 15): each node's heartbeat
 * row, each queue's lease and its owner's self-fencing, and the views operators read. The public
 * face is {@link io.ramal.gateway.cluster.Cluster} (start, compete, listen, ownsNow),
 * {@link io.ramal.gateway.cluster.ClusterView} (read lock-free from event loops) and
 * {@link io.ramal.gateway.cluster.NodeSettings} (the {@code node:} section). The relay between
 * nodes and the queue routing live elsewhere and use these. Design and failure cases:
 * {@code docs/cluster.md}.
 */
package io.ramal.gateway.cluster;
