package io.ramal.gateway.listener;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The event-loop group every listener and every outbound connection of the gateway shares,
 * with the matching channel classes: epoll on Linux when its native library loads, NIO
 * otherwise (or when asked).
 *
 * @param name        {@code epoll} or {@code nio}
 * @param group       the shared event-loop group
 * @param serverClass the server channel class for listeners
 * @param clientClass the socket channel class for outbound connections
 */
public record Transport(String name, EventLoopGroup group, Class<? extends ServerSocketChannel> serverClass,
                        Class<? extends SocketChannel> clientClass) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    /**
     * Creates the group.
     *
     * @param kind    {@code auto}, {@code epoll} or {@code nio}
     * @param threads event loops, 0 for the number of cores
     * @throws IllegalArgumentException when epoll is asked for and not available
     */
    public static Transport create(String kind, int threads) {
        return create(kind, threads, "ramal-io");
    }

    /** Creates a group whose threads are named {@code threadPrefix-...}: the admin server's own loop. */
    public static Transport create(String kind, int threads, String threadPrefix) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        String k = kind.toLowerCase(Locale.ROOT);
        boolean epoll = switch (k) {
            case "auto" -> Epoll.isAvailable();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("gateway.transport=epoll is not available here: "
                            + Epoll.unavailabilityCause());
                }
                yield true;
            }
            case "nio" -> false;
            default -> throw new IllegalArgumentException("gateway.transport=" + kind
                    + " is invalid, allowed: auto, epoll, nio");
        };
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(threadPrefix, true), io);
        LOG.info("transport started kind={} event-loops={} threads={}", epoll ? "epoll" : "nio", n, threadPrefix);
        return epoll
                ? new Transport("epoll", group, EpollServerSocketChannel.class, EpollSocketChannel.class)
                : new Transport("nio", group, NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** Shuts the group down and waits for it (bounded). */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
}
