package io.ramal.bench;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetTransportTest {

    @Test
    void transportsByName() {
        assertEquals(Epoll.isAvailable() ? NetTransport.EPOLL : NetTransport.NIO, NetTransport.parse("auto"));
        assertEquals(NetTransport.NIO, NetTransport.parse("NIO"));
        assertEquals("io_uring", NetTransport.IO_URING.label());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetTransport.parse("kqueue"))
                .getMessage().contains("allowed: auto, epoll, io_uring, nio"));
    }
}
