package io.ramal.gateway.cluster;

import java.time.Instant;

/**
 * One node as its row in the {@code nodes} table says, read at a heartbeat. Times are the
 * database's clock.
 *
 * @param name        the node's {@code node.name}
 * @param relayHost   the host other nodes dial for its relay port ({@code node.advertise})
 * @param relayPort   its relay port
 * @param startedAt   when this run of the node first registered
 * @param version     the gateway's version
 * @param lastSeen    its last heartbeat
 * @param alive       its last heartbeat is within {@code node.lease} and it has not stopped
 * @param activeCalls calls in progress on it at its last heartbeat
 */
public record NodeInfo(String name, String relayHost, int relayPort, Instant startedAt, String version,
                       Instant lastSeen, boolean alive, int activeCalls) {
}
