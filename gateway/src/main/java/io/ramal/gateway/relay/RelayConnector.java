package io.ramal.gateway.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.ramal.gateway.transport.Transport;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node's relayed legs dial the owners: the gateway transport's socket channel class, a
 * connect timeout well under the 200 ms retry cadence's patience (a dead owner's address should
 * fail fast, not hold the caller), the clock that stamps headers, and the node's
 * {@link RelayStats}. One per node, shared by every {@link RelayLeg}; immutable. The addresses it
 * dials are used as they are: give it resolved ones (IP addresses), since a name would be looked up
 * on the call's event loop.
 */
public final class RelayConnector {

    /** Connect timeout unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final Class<? extends SocketChannel> channelClass;
    private final Duration connectTimeout;
    private final RelayStats stats;
    private final Clock clock;

    public RelayConnector(Class<? extends SocketChannel> channelClass, Duration connectTimeout, RelayStats stats,
                          Clock clock) {
        this.channelClass = Objects.requireNonNull(channelClass, "channelClass");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("relay connect timeout " + connectTimeout + " is invalid, allowed: > 0");
        }
    }

    /** Dials with {@code transport}'s socket class, the default timeout and the system clock. */
    public static RelayConnector of(Transport transport, RelayStats stats) {
        return new RelayConnector(transport.clientClass(), DEFAULT_CONNECT_TIMEOUT, stats, Clock.systemUTC());
    }

    /** The node's relay counters. */
    public RelayStats stats() {
        return stats;
    }

    /** The clock that stamps each header's sent-at. */
    public Clock clock() {
        return clock;
    }

    /** Starts a connection to {@code address} on {@code loop} (the call's) with {@code handler} as its pipeline's initializer. */
    ChannelFuture connect(EventLoop loop, InetSocketAddress address, ChannelHandler handler) {
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handler)
                .connect(address);
    }
}
