package io.ramal.gateway.testing;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Listener;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.Modes;
import io.ramal.gateway.Warmup;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.listener.CallLimits;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.transport.Transport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A gateway's listener side on real sockets for tests: the shared transport, a listener factory
 * with the handlers and call settings the test wants, and helpers to bind extensions on free
 * loopback ports.
 */
public final class TestGateway implements AutoCloseable {

    public final Transport transport;
    public final NettyListenerFactory factory;

    /** The JVM's classes and compiled code outlive a gateway: one warm-up serves every test. */
    private static final AtomicBoolean WARMED = new AtomicBoolean();

    public TestGateway(Handlers handlers, CallSettings settings) {
        this(handlers, settings, 2);
    }

    /** With {@code eventLoops} loops: one puts every call on the same loop, to show that none stalls another. */
    public TestGateway(Handlers handlers, CallSettings settings, int eventLoops) {
        this(handlers, settings, eventLoops, CallRecorder.NONE);
    }

    /** With the records of finished calls going to {@code recorder}. */
    public TestGateway(Handlers handlers, CallSettings settings, int eventLoops, CallRecorder recorder) {
        transport = Transport.create("auto", eventLoops);
        factory = new NettyListenerFactory(transport, SocketTuning.DEFAULTS, settings, handlers, CallLimits.DEFAULTS,
                recorder);
        if (WARMED.compareAndSet(false, true)) {
            Warmup.run(factory); // as the gateway does at start: a cold first call is not what tests measure
        }
    }

    /** Echo handlers and short timeouts: handshake 500 ms, idle 1 s. */
    public static TestGateway echo() {
        return new TestGateway(Handlers.withEcho(), shortTimeouts());
    }

    /** Default call settings with a 500 ms handshake timeout and a 1 s idle timeout. */
    public static CallSettings shortTimeouts() {
        return CallSettings.from(Map.of("handshake-timeout", "500ms", "idle-timeout", "1s"));
    }

    /** An extension of {@code mode} on {@code port} of 127.0.0.1. */
    public static Extension extension(String ramal, int port, Mode mode) {
        return new Extension(ramal, "127.0.0.1", port, mode, Map.of(), null, true, "test");
    }

    /**
     * An extension of {@code mode} on {@code port} of 127.0.0.1 with {@code settings} parsed as
     * the stores parse them ({@link Modes#SETTINGS}).
     *
     * @throws IllegalArgumentException when the mode's parser refuses the settings
     */
    public static Extension extension(String ramal, int port, Mode mode, Map<String, Object> settings,
                                      String description) {
        return new Extension(ramal, "127.0.0.1", port, mode, settings, null, true, description,
                Modes.SETTINGS.parse(mode, settings));
    }

    /** Binds an echo extension on a free port and waits for it. */
    public NettyListener bindEcho(String ramal) throws Exception {
        return bind(extension(ramal, freePort(), Mode.ECHO));
    }

    /** Binds {@code ext} and waits (5 s at most). */
    public NettyListener bind(Extension ext) throws Exception {
        Listener l = factory.bind(ext).get(5, TimeUnit.SECONDS);
        return (NettyListener) l;
    }

    /** The port a listener is bound to. */
    public static int port(NettyListener l) {
        return ((InetSocketAddress) l.localAddress()).getPort();
    }

    /** A port that was free a moment ago. */
    public static int freePort() throws Exception {
        return io.ramal.extensions.testing.FreePorts.next();
    }

    @Override
    public void close() {
        for (NettyListener l : factory.listeners().values()) {
            l.shutdown();
        }
        transport.close();
    }
}
