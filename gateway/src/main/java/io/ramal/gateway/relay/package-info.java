/**
 * The relay between gateway nodes: a queue call that reaches a node which does not own its queue
 * is carried to the owner over AudioSocket itself, authenticated with the cluster secret. See
 * {@code docs/cluster-relay.md}.
 *
 * <p>The owner's side is {@link io.ramal.gateway.relay.RelayServer} (the relay port: id frame,
 * then a {@link io.ramal.gateway.relay.RelayHeader} in a
 * {@link io.ramal.gateway.codec.AudioSocketKind#RELAY_HEADER} frame, then an ordinary call run by
 * the {@link io.ramal.gateway.call.CallOwner} that {@link io.ramal.gateway.relay.RelayTargets}
 * names); the relaying side is {@link io.ramal.gateway.relay.RelayLeg}, a call handler that dials
 * the owner that {@link io.ramal.gateway.relay.RelayRoutes} names and re-enters the call with the
 * next owner when one is lost. The cluster (who owns which queue) and the wiring implement the
 * two seams; this package knows nothing of the database or the queues.
 */
package io.ramal.gateway.relay;
