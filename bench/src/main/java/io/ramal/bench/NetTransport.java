package io.ramal.bench;

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

import java.util.Locale;

/**
 * The Netty transports the bench can use: {@code epoll} (the gateway's default on Linux),
 * {@code io_uring} (submissions batched per loop iteration, so a tick's thousands of sends cost
 * far fewer system calls) and {@code nio}.
 */
public enum NetTransport {
    EPOLL, IO_URING, NIO;

    /** Parses {@code auto} (epoll when available, else nio), {@code epoll}, {@code io_uring}, {@code nio}. */
    public static NetTransport parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        NetTransport t = switch (k) {
            case "auto" -> Epoll.isAvailable() ? EPOLL : NIO;
            case "epoll" -> EPOLL;
            case "io_uring", "iouring", "uring" -> IO_URING;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException("--transport " + s + " is invalid, allowed: auto, epoll, io_uring, nio");
        };
        if (t == EPOLL && !Epoll.isAvailable()) {
            throw new IllegalArgumentException("--transport epoll is not available here: " + Epoll.unavailabilityCause());
        }
        if (t == IO_URING && !IoUring.isAvailable()) {
            throw new IllegalArgumentException("--transport io_uring is not available here: " + IoUring.unavailabilityCause());
        }
        return t;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** The name as the command line spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
