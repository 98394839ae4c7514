package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallOwner;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.handler.EchoHandler;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.TestGateway;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two gateway nodes in one JVM for the relay's tests, each on its own transport: an owner whose
 * relay ports hand relayed calls to an echo listener that records what it heard, and a node whose
 * extension 9100 answers with a {@link RelayLeg} of queue {@code suporte} towards the route the
 * test sets. Closed with everything it started.
 */
final class RelayNodes implements AutoCloseable {

    static final byte[] SECRET = "cluster-secret-for-tests-only-32b".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final String QUEUE = "suporte";
    /** The arrival time the node's legs carry: an hour ago, so no clock could produce it by chance. */
    final long arrivedAt = System.currentTimeMillis() - 3_600_000L;

    /** The owner's echo: plays back what it hears, records digits and how it ended, hangs up on '#'. */
    static final class OwnerEcho implements CallHandler {
        final UUID id;
        final AtomicInteger frames = new AtomicInteger();
        final StringBuffer digits = new StringBuffer();
        volatile EndReason ended;

        OwnerEcho(UUID id) {
            this.id = id;
        }

        @Override
        public void onStart(CallContext call) {
        }

        @Override
        public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
            frames.incrementAndGet();
            call.play(payload);
        }

        @Override
        public void onDtmf(CallContext call, char digit) {
            digits.append(digit);
            if (digit == '#') {
                call.hangup("owner ends the call");
            }
        }

        @Override
        public void onEnd(CallContext call, EndReason reason) {
            ended = reason;
        }

        @Override
        public int playoutCapacityFrames(CallSettings settings) {
            return settings.livePlayoutCapacityFrames();
        }
    }

    /** A relay port's targets: records each header, answers with the owner's listener, or null when not owning. */
    static final class Targets implements RelayTargets {
        final List<RelayHeader> headers = new CopyOnWriteArrayList<>();
        volatile CallOwner owner;

        Targets(CallOwner owner) {
            this.owner = owner;
        }

        @Override
        public CallOwner ownerFor(RelayHeader header) {
            headers.add(header);
            return owner;
        }
    }

    static final CallSettings SETTINGS = CallSettings.from(Map.of("handshake-timeout", "2s", "idle-timeout", "5s"));

    final List<OwnerEcho> ownerCalls = new CopyOnWriteArrayList<>();
    final TestGateway owner;
    final NettyListener ownerListener;
    final TestGateway node;
    final NettyListener nodeListener;
    final RelayStats nodeStats = new RelayStats();
    final AtomicReference<Route> route = new AtomicReference<>(Route.UNKNOWN);
    final List<RelayServer> servers = new CopyOnWriteArrayList<>();

    /** The node's legs dial with it; set once the node's transport exists, before any call. */
    private volatile RelayConnector connector;

    RelayNodes() throws Exception {
        owner = new TestGateway(new Handlers().register(Mode.ECHO, call -> {
            OwnerEcho h = new OwnerEcho(call.id());
            ownerCalls.add(h);
            return h;
        }), SETTINGS);
        ownerListener = owner.bindEcho("9000");
        node = new TestGateway(new Handlers().register(Mode.ECHO, call -> new RelayLeg(q -> route.get(), QUEUE,
                RelayRole.CALLER, arrivedAt, "node-b", SECRET, c -> new EchoHandler(), connector)), SETTINGS);
        connector = RelayConnector.of(node.transport, nodeStats);
        nodeListener = node.bindEcho("9100");
    }

    /** A relay port on the owner's transport, 127.0.0.1 and a free port, handing calls to {@code targets}. */
    RelayServer relayPort(RelayTargets targets) {
        RelayServer s = RelayServer.start("127.0.0.1", 0, owner.transport, SECRET, targets, SETTINGS, new RelayStats());
        servers.add(s);
        return s;
    }

    /** The route to {@code server}, as owner {@code name}. */
    static Route to(String name, RelayServer server) {
        return new Route.Remote(name, new InetSocketAddress("127.0.0.1", server.port()));
    }

    /** Where Asterisk calls the node's relayed extension. */
    InetSocketAddress nodeAddress() {
        return new InetSocketAddress("127.0.0.1", TestGateway.port(nodeListener));
    }

    /** The owner's calls of {@code id}, in the order they started. */
    List<OwnerEcho> ownerCalls(UUID id) {
        return ownerCalls.stream().filter(c -> c.id.equals(id)).toList();
    }

    @Override
    public void close() {
        for (RelayServer s : servers) {
            s.close();
        }
        node.close();
        owner.close();
    }
}
