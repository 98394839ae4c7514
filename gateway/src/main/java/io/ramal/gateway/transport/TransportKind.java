package io.ramal.gateway.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Netty transports Ramal knows, each with its I/O handler and channel classes, and the one
 * parse of a transport's name that the gateway's {@code gateway.transport} and bench's
 * {@code --transport} share: {@code epoll} (the gateway's default on Linux), {@code io_uring}
 * (submissions batched per loop iteration; bench only, measured before the gateway adopts it) and
 * {@code nio}. {@code auto} is epoll when its native library loads, NIO otherwise.
 */
public enum TransportKind {
    EPOLL, IO_URING, NIO;

    /** The kinds the gateway serves on. */
    public static final Set<TransportKind> GATEWAY = EnumSet.of(EPOLL, NIO);

    /** Every kind: what bench may measure. */
    public static final Set<TransportKind> ALL = EnumSet.allOf(TransportKind.class);

    /**
     * Parses {@code auto}, {@code epoll}, {@code io_uring} (also {@code io-uring}, {@code iouring},
     * {@code uring}) or {@code nio}, case-insensitive, among {@code allowed}.
     *
     * @param value   the name as given
     * @param setting the setting or option that gave it, named in errors ({@code gateway.transport})
     * @param allowed the kinds this caller may use
     * @throws IllegalArgumentException when the name is unknown or not allowed, or the kind's native
     *                                  library is not available here
     */
    public static TransportKind parse(String value, String setting, Set<TransportKind> allowed) {
        String k = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        TransportKind t = switch (k) {
            case "auto" -> Epoll.isAvailable() ? EPOLL : NIO;
            case "epoll" -> EPOLL;
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "nio" -> NIO;
            default -> null;
        };
        if (t == null || !allowed.contains(t)) {
            throw new IllegalArgumentException(setting + "=" + value + " is invalid, allowed: auto, "
                    + allowed.stream().map(TransportKind::label).collect(Collectors.joining(", ")));
        }
        Throwable unavailable = switch (t) {
            case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
            case NIO -> null;
        };
        if (unavailable != null) {
            throw new IllegalArgumentException(setting + "=" + t.label() + " is not available here: " + unavailable);
        }
        return t;
    }

    /** A new factory of this kind's I/O handlers, for an event-loop group. */
    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** The channel class of outbound connections. */
    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The channel class of listening sockets. */
    public Class<? extends ServerSocketChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** The name as settings and the command line spell it: {@code epoll}, {@code io_uring}, {@code nio}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
