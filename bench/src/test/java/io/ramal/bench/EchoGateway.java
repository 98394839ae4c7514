package io.ramal.bench;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.Warmup;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.transport.Transport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The gateway's echo line in this JVM, on a free loopback port, for the integration tests. */
final class EchoGateway implements AutoCloseable {

    private final Transport transport = Transport.create("auto", 1);
    private final NettyListener listener;

    EchoGateway() throws Exception {
        NettyListenerFactory f = new NettyListenerFactory(transport, SocketTuning.DEFAULTS, CallSettings.DEFAULTS,
                Handlers.withEcho());
        // As the gateway does at start: a cold call path stalls the first calls while the JIT compiles it.
        Warmup.echo(f);
        Extension ext = new Extension("9000", "127.0.0.1", freePort(), Mode.ECHO, Map.of(), null, true, "bench test");
        listener = (NettyListener) f.bind(ext).get(5, TimeUnit.SECONDS);
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Waits for every call to end, then returns the frames their playout buffers dropped. */
    long finishedOverflows() throws Exception {
        listener.drain(java.time.Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        return listener.counters().overflows.sum() + listener.counters().droppedOut.sum();
    }

    static int freePort() throws Exception {
        return io.ramal.extensions.testing.FreePorts.next();
    }

    @Override
    public void close() {
        listener.shutdown().orTimeout(5, TimeUnit.SECONDS).join();
        transport.close();
    }
}
