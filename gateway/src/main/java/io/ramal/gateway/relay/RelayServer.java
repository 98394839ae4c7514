package io.ramal.gateway.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.log.KeyedLogLimiter;
import io.ramal.gateway.log.LogLimiter;
import io.ramal.gateway.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The owner side of the relay: a node's relay port ({@code node.bind}:relay port), where the
 * nodes that do not own a queue send that queue's calls. A connection must send the call's id
 * frame and then a {@link RelayHeader} that verifies with the cluster secret, within the handshake
 * timeout and before anything else. Then it becomes an ordinary call: the pipeline of
 * {@link io.ramal.gateway.call.CallSession} is installed with the {@link io.ramal.gateway.call.CallOwner}
 * that {@link RelayTargets} names, and it sees the id frame as if Asterisk had sent it; the owner
 * runs its usual handlers, pacing and records, and the call is local here.
 *
 * <p>Anything else is refused before a byte of audio is read or sent: counted per
 * {@link RelayRefusal} ({@link #stats()}), logged as {@code relay refused remote=.. reason=..} at
 * most once a minute per source address, and closed; a valid header for a queue this node does not
 * own is first answered with an error frame of code {@link #ERROR_NOT_OWNER}, so the relaying node
 * looks the owner up again. The secret and the MAC are never logged.
 *
 * <p>{@link #close()} closes the relayed calls without a hangup frame: their relaying nodes take
 * that as the owner gone and re-enter the calls with the next owner, which is what a node leaving
 * the cluster wants. Thread-safe.
 */
public final class RelayServer implements AutoCloseable {

    /**
     * The error frame's code for "this node does not own that queue": {@code 0x40}, a bit outside
     * the pre-upstream patch's {@code 0x01}/{@code 0x02}/{@code 0x04}, so that a reader that decodes
     * those bits never takes it for one of them. Only relaying nodes ever receive it.
     */
    public static final int ERROR_NOT_OWNER = 0x40;

    /** Refused source addresses tracked one by one for the log's rate limit. */
    static final int SOURCES_TRACKED = 256;

    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);

    /** Set once, when the bind succeeded, before {@link #start} returns. */
    private volatile Channel server;
    private final ChannelGroup connections = new DefaultChannelGroup("ramal-relay", GlobalEventExecutor.INSTANCE);
    private final byte[] secret;
    private final RelayTargets targets;
    private final CallSettings settings;
    private final RelayStats stats;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final KeyedLogLimiter<InetAddress> refusedLog = new KeyedLogLimiter<>(SOURCES_TRACKED);

    private RelayServer(byte[] secret, RelayTargets targets, CallSettings settings, RelayStats stats, Clock clock) {
        this.secret = secret;
        this.targets = targets;
        this.settings = settings;
        this.stats = stats;
        this.clock = clock;
    }

    /**
     * Binds the relay port on {@code group} (accepting and serving) with {@code serverClass}, the
     * gateway transport's server channel class, and waits for the bind.
     *
     * @param port 0 for any free port (see {@link #port()})
     * @throws IllegalStateException when the port cannot be bound, naming the address
     * @throws IllegalArgumentException when the secret is shorter than {@link RelayHeader#MIN_SECRET_BYTES}
     */
    public static RelayServer start(String bindHost, int port, EventLoopGroup group,
                                    Class<? extends ServerSocketChannel> serverClass, byte[] secret,
                                    RelayTargets targets, CallSettings settings) {
        return start(bindHost, port, group, group, serverClass, secret, targets, settings, new RelayStats(),
                Clock.systemUTC());
    }

    /**
     * Binds the relay port on the gateway's {@code transport} (its accept loop and call loops),
     * counting into {@code stats} (the node's, shared with its {@link RelayConnector}).
     */
    public static RelayServer start(String bindHost, int port, Transport transport, byte[] secret,
                                    RelayTargets targets, CallSettings settings, RelayStats stats) {
        return start(bindHost, port, transport.acceptGroup(), transport.group(), transport.serverClass(), secret,
                targets, settings, stats, Clock.systemUTC());
    }

    static RelayServer start(String bindHost, int port, EventLoopGroup acceptGroup, EventLoopGroup group,
                             Class<? extends ServerSocketChannel> serverClass, byte[] secret, RelayTargets targets,
                             CallSettings settings, RelayStats stats, Clock clock) {
        RelayServer s = unbound(secret, targets, settings, stats, clock);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, group)
                .channel(serverClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.acceptBatch())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        s.connections.add(ch);
                        ch.pipeline().addLast(RelayHandshake.DECODER, new AudioSocketDecoder());
                        ch.pipeline().addLast(RelayHandshake.NAME, new RelayHandshake(s));
                    }
                });
        InetSocketAddress address = new InetSocketAddress(bindHost, port);
        ChannelFuture f = b.bind(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException("relay port " + address + " failed to bind: " + f.cause().getMessage(),
                    f.cause());
        }
        s.server = f.channel();
        LOG.info("relay port bound address={} transport-class={}", f.channel().localAddress(),
                serverClass.getSimpleName());
        return s;
    }

    /** A server without its socket yet: {@link #start} binds it; tests drive its handshakes on embedded channels. */
    static RelayServer unbound(byte[] secret, RelayTargets targets, CallSettings settings, RelayStats stats,
                               Clock clock) {
        RelayHeader.checkSecret(secret);
        return new RelayServer(secret.clone(), Objects.requireNonNull(targets, "targets"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(stats, "stats"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** The port bound (the real one when 0 was asked). */
    public int port() {
        return address().getPort();
    }

    /** The address bound. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** The counters of this server (and of the legs, when they share them). */
    public RelayStats stats() {
        return stats;
    }

    /** Connections refused for {@code reason} so far. */
    public long refused(RelayRefusal reason) {
        return stats.refused(reason);
    }

    /** Relay connections open now, in their handshake or serving a call. */
    public int connections() {
        return connections.size();
    }

    /**
     * Writes one {@code log lines suppressed kind=relay-refused} line per source whose refusals
     * were suppressed and whose minute has passed: call it from the status thread once a minute.
     */
    public void logSuppressed() {
        refusedLog.summarize((source, n) -> LOG.warn("log lines suppressed kind=relay-refused source={} suppressed={}",
                source == null ? "other-sources" : source.getHostAddress(), n));
    }

    /**
     * Stops accepting and closes every relay connection without a hangup frame, so that their
     * relaying nodes re-enter the calls with the next owner. Waits for the closes (bounded).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().awaitUninterruptibly(5_000);
        connections.close().awaitUninterruptibly(5_000);
        LOG.info("relay port closed address={}", server.localAddress());
    }

    // ---- for the handshake, on the connection's loop ------------------------------------------

    byte[] secret() {
        return secret;
    }

    RelayTargets targets() {
        return targets;
    }

    CallSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /** A header verified and a call handed to its owner. */
    void accepted() {
        stats.countAccepted();
    }

    /**
     * Refuses {@code channel} for {@code reason}: counted, one rate-limited WARN line (DEBUG for a
     * peer that simply closed before its header), closed; a {@link RelayRefusal#NOT_OWNER} is told
     * so first with an error frame.
     */
    void refuse(Channel channel, RelayRefusal reason, String detail, boolean peerClosed) {
        stats.countRefused(reason);
        SocketAddress remote = channel.remoteAddress();
        if (peerClosed) {
            LOG.debug("relay refused remote={} reason={} detail=\"{}\"", remote, reason.label(), LogText.escape(detail));
        } else {
            LogLimiter limiter = refusedLog.of(remote instanceof InetSocketAddress a ? a.getAddress() : null);
            long suppressed = limiter.acquire();
            if (suppressed >= 0) {
                LOG.warn("relay refused remote={} reason={} detail=\"{}\" suppressed={}", remote, reason.label(),
                        LogText.escape(detail), suppressed);
            }
        }
        if (reason == RelayRefusal.NOT_OWNER && channel.isActive()) {
            ByteBuf error = channel.alloc().ioBuffer(AudioSocketHeader.BYTES + 1);
            AudioSocketHeader.write(error, AudioSocketKind.ERROR, 1);
            error.writeByte(ERROR_NOT_OWNER);
            channel.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
            // A peer that never reads would keep it open: closed regardless after the grace.
            channel.eventLoop().schedule(() -> {
                if (channel.isOpen()) {
                    channel.close();
                }
            }, settings.hangupGrace().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            channel.close();
        }
    }
}
