package io.ramal.gateway.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Listener;
import io.ramal.extensions.ListenerFactory;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.call.CallSession;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.Pacers;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds one Netty server channel per extension, all on the one shared {@link Transport}, each
 * with its extension's socket tuning laid over the configured defaults. Binding never blocks
 * the caller, so the manager can start every listener at once and wait for all. Keeps each
 * extension's counters across re-binds, so a moved listener keeps its history.
 */
public final class NettyListenerFactory implements ListenerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(NettyListenerFactory.class);

    private final Transport transport;
    private final SocketTuning defaults;
    private final CallSettings settings;
    private final Handlers handlers;
    private final Pacers pacers = new Pacers();
    private final Map<String, CallCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, NettyListener> live = new ConcurrentHashMap<>();
    private final EphemeralPorts ephemeral = EphemeralPorts.fromKernel();

    private final CallLimits limits;
    private final CallRecorder recorder;

    /** A factory with the default {@link CallLimits}: loopback and private sources, no gateway-wide limit. */
    public NettyListenerFactory(Transport transport, SocketTuning defaults, CallSettings settings, Handlers handlers) {
        this(transport, defaults, settings, handlers, CallLimits.DEFAULTS);
    }

    public NettyListenerFactory(Transport transport, SocketTuning defaults, CallSettings settings, Handlers handlers,
                                CallLimits limits) {
        this(transport, defaults, settings, handlers, limits, CallRecorder.NONE);
    }

    /** @param recorder where the records of finished calls go (never the warm-up's) */
    public NettyListenerFactory(Transport transport, SocketTuning defaults, CallSettings settings, Handlers handlers,
                                CallLimits limits, CallRecorder recorder) {
        this.recorder = recorder;
        this.limits = limits;
        this.transport = transport;
        this.defaults = defaults;
        this.settings = settings;
        this.handlers = handlers;
    }

    /** The pacers of the event loops: their lag and skipped ticks, for the wallboard and {@code /metrics}. */
    public Pacers pacers() {
        return pacers;
    }

    @Override
    public CompletableFuture<Listener> bind(Extension ext) {
        CompletableFuture<Listener> result = new CompletableFuture<>();
        SocketTuning t;
        try {
            t = checked(ext);
        } catch (IllegalArgumentException e) {
            result.completeExceptionally(e);
            return result;
        }
        ephemeral.warnIfEphemeral(ext);
        CallCounters c = counters(ext.ramal());
        NettyListener listener = new NettyListener(ext, handlers, settings, pacers, c, true, limits, recorder);
        ServerBootstrap b = bootstrap(listener, t);
        ChannelFuture f;
        try {
            f = b.bind(new InetSocketAddress(ext.bind(), ext.port()));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        listener.serverChannel(f.channel());
        f.addListener(done -> {
            if (done.isSuccess()) {
                NettyListener l = listener;
                live.put(ext.ramal(), l);
                l.drainedFuture().thenRun(() -> live.remove(ext.ramal(), l));
                LOG.info("listener bound ramal={} address={} mode={} backlog={} rcvbuf={} transport={}",
                        ext.ramal(), ext.address(), ext.mode().wireName(), t.backlog(), t.receiveBuffer(),
                        transport.name());
                result.complete(l);
            } else {
                Throwable cause = bindFailure(ext, done.cause());
                LOG.warn("listener failed ramal={} address={} cause=\"{}\"", ext.ramal(), ext.address(), cause.getMessage());
                c.error("bind failed: " + cause.getMessage());
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    @Override
    public void check(Extension ext) {
        checked(ext);
    }

    /** The extension's socket tuning, once its mode, settings and tuning have passed the checks. */
    private SocketTuning checked(Extension ext) {
        handlers.check(ext);
        return defaults.with(ext.tuning());
    }

    /** The server bootstrap of {@code listener}: the shared group, {@code t}'s options, the call pipeline. */
    private ServerBootstrap bootstrap(NettyListener listener, SocketTuning t) {
        ServerBootstrap b = new ServerBootstrap()
                .group(transport.acceptGroup(), transport.group())
                .channel(transport.serverClass())
                .option(ChannelOption.SO_BACKLOG, t.backlog())
                .option(ChannelOption.RCVBUF_ALLOCATOR, Transport.acceptBatch())
                .option(ChannelOption.SO_REUSEADDR, t.reuseAddress())
                .childOption(ChannelOption.TCP_NODELAY, t.tcpNoDelay())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(t.writeBufferLow(), t.writeBufferHigh()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(CallSession.pipeline(listener));
                    }
                });
        // On the listening socket, so that accepted sockets inherit it before the handshake and
        // the TCP window can scale to it.
        if (t.receiveBuffer() > 0) {
            b.option(ChannelOption.SO_RCVBUF, t.receiveBuffer());
        }
        if (t.sendBuffer() > 0) {
            b.childOption(ChannelOption.SO_SNDBUF, t.sendBuffer());
        }
        return b;
    }

    /**
     * Binds a private listener of {@code ext} on {@code address} and waits for it: its own
     * counters, its calls not recorded, not among {@link #listeners()}; the start-up warm-up's.
     * The caller stops it with {@link NettyListener#shutdown()}.
     */
    public NettyListener bindPrivate(Extension ext, Handlers handlers, InetSocketAddress address) {
        NettyListener listener = new NettyListener(ext, handlers, settings, pacers, new CallCounters(), false,
                CallLimits.NONE, CallRecorder.NONE);
        Channel server = bootstrap(listener, SocketTuning.DEFAULTS).bind(address).syncUninterruptibly().channel();
        listener.serverChannel(server);
        return listener;
    }

    /**
     * Epoll reports a taken port as a native error, NIO as {@link BindException}: give the
     * manager one type, with the address in the message.
     */
    private static Throwable bindFailure(Extension ext, Throwable cause) {
        if (cause instanceof java.io.IOException && !(cause instanceof BindException)) {
            String msg = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            String plain = msg.replaceFirst("^bind\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?:\\s*", "");
            BindException b = new BindException(plain + " (" + ext.address() + ")");
            b.initCause(cause);
            return b;
        }
        return cause;
    }

    /** Every extension's counters so far, by ramal: a live view. */
    public Map<String, CallCounters> allCounters() {
        return java.util.Collections.unmodifiableMap(counters);
    }

    /** The counters of {@code ramal}, kept across re-binds. */
    public CallCounters counters(String ramal) {
        return counters.computeIfAbsent(ramal, r -> new CallCounters());
    }

    /** The bound listener of {@code ramal}, or null. */
    public NettyListener listener(String ramal) {
        return live.get(ramal);
    }

    /** Every bound listener, by ramal. */
    public Map<String, NettyListener> listeners() {
        return Map.copyOf(live);
    }

    public Transport transport() {
        return transport;
    }

    public CallSettings settings() {
        return settings;
    }
}
