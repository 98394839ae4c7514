package io.ramal.gateway.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop group every listener and every outbound connection of the gateway shares,
 * with the matching channel classes: epoll on Linux when its native library loads, NIO
 * otherwise (or when asked); the kinds and their names are {@link TransportKind}'s.
 *
 * <p>The listening sockets accept on a loop of their own ({@code ramal-accept}), so that new
 * calls are taken off the accept queue at once even while the call loops are busy with
 * thousands of calls; a full accept queue refuses Asterisk's connections. Each wake-up of a
 * listening socket takes up to {@link #ACCEPTS_PER_WAKEUP} pending connections ({@link #acceptBatch()}),
 * not Netty's default of one, so a burst of calls (Asterisk reconnecting after a restart) drains in a
 * few wake-ups.
 *
 * @param name        {@code epoll}, {@code nio} (or bench's {@code io_uring})
 * @param group       the shared event-loop group of the calls
 * @param acceptGroup where the listening sockets accept (may be {@code group})
 * @param serverClass the server channel class for listeners
 * @param clientClass the socket channel class for outbound connections
 */
public record Transport(String name, EventLoopGroup group, EventLoopGroup acceptGroup,
                        Class<? extends ServerSocketChannel> serverClass,
                        Class<? extends SocketChannel> clientClass) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    /** Pending connections a listening socket accepts per wake-up (Netty's default for server channels is one). */
    public static final int ACCEPTS_PER_WAKEUP = 16;

    /** The listening sockets' read allocator: {@link #ACCEPTS_PER_WAKEUP} accepts per wake-up. */
    public static RecvByteBufAllocator acceptBatch() {
        return new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(ACCEPTS_PER_WAKEUP);
    }

    /** A transport that accepts on its call group too. */
    public Transport(String name, EventLoopGroup group, Class<? extends ServerSocketChannel> serverClass,
                     Class<? extends SocketChannel> clientClass) {
        this(name, group, group, serverClass, clientClass);
    }

    /**
     * Creates the group.
     *
     * @param kind    {@code auto}, {@code epoll} or {@code nio}
     * @param threads event loops, 0 for the number of cores
     * @throws IllegalArgumentException when epoll is asked for and not available
     */
    public static Transport create(String kind, int threads) {
        return create(kind, threads, "ramal-io", true);
    }

    /**
     * Creates a group whose threads are named {@code threadPrefix-...} and that accepts on its own
     * threads: the admin server's loop.
     */
    public static Transport create(String kind, int threads, String threadPrefix) {
        return create(kind, threads, threadPrefix, false);
    }

    private static Transport create(String kind, int threads, String threadPrefix, boolean ownAcceptor) {
        return create(TransportKind.parse(kind, "gateway.transport", TransportKind.GATEWAY), threads, threadPrefix,
                ownAcceptor);
    }

    /**
     * Creates a group of {@code kind} whose threads are named {@code threadPrefix-...}; with
     * {@code ownAcceptor}, the listening sockets accept on a {@code ramal-accept} loop of their own.
     *
     * @param threads event loops, 0 for the number of cores
     */
    public static Transport create(TransportKind kind, int threads, String threadPrefix, boolean ownAcceptor) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        IoHandlerFactory io = kind.ioHandlerFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(threadPrefix, true), io);
        EventLoopGroup accept = ownAcceptor
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ramal-accept", true), io) : group;
        LOG.info("transport started kind={} event-loops={} threads={} acceptor={}", kind.label(), n,
                threadPrefix, ownAcceptor ? "ramal-accept" : threadPrefix);
        return new Transport(kind.label(), group, accept, kind.serverChannel(), kind.socketChannel());
    }

    /** Shuts the groups down and waits for them (bounded). */
    @Override
    public void close() {
        var calls = group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        if (acceptGroup != group) {
            acceptGroup.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
        calls.awaitUninterruptibly(5_000);
    }
}
