package io.ramal.gateway.transport;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportKindTest {

    @Test
    void transportsByName() {
        TransportKind auto = Epoll.isAvailable() ? TransportKind.EPOLL : TransportKind.NIO;
        assertEquals(auto, TransportKind.parse("auto", "--transport", TransportKind.ALL));
        assertEquals(TransportKind.NIO, TransportKind.parse("NIO", "--transport", TransportKind.ALL));
        assertEquals("io_uring", TransportKind.IO_URING.label());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TransportKind.parse("kqueue", "--transport", TransportKind.ALL))
                .getMessage().contains("allowed: auto, epoll, io_uring, nio"));
    }

    @Test
    void theGatewayServesOnEpollOrNioOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransportKind.parse("io_uring", "gateway.transport", TransportKind.GATEWAY));
        assertEquals("gateway.transport=io_uring is invalid, allowed: auto, epoll, nio", e.getMessage());
        assertEquals(TransportKind.NIO, TransportKind.parse("nio", "gateway.transport", TransportKind.GATEWAY));
    }

    @Test
    void eachKindNamesItsChannelClasses() {
        assertEquals(io.netty.channel.socket.nio.NioSocketChannel.class, TransportKind.NIO.socketChannel());
        assertEquals(io.netty.channel.socket.nio.NioServerSocketChannel.class, TransportKind.NIO.serverChannel());
        assertEquals(io.netty.channel.epoll.EpollSocketChannel.class, TransportKind.EPOLL.socketChannel());
    }
}
