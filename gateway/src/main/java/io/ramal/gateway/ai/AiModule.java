package io.ramal.gateway.ai;

import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.log.LogLimiter;
import io.ramal.gateway.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The AI bridge's wiring: what the gateway creates once and registers for {@link Mode#AI}.
 * Holds what every AI call shares: the transport (each call's WebSocket runs on the call's own
 * event loop with the transport's channel class), one TLS client context with the JDK's trust
 * store, a non-blocking DNS resolver, the fallback prompts, the transfer lookup and where each
 * call's {@link AiCallStats} go. Each extension's {@link AiSettings} come with it, parsed when its
 * entry was read.
 *
 * <p>Thread-safe: handlers are created on many event loops.
 */
public final class AiModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AiModule.class);

    private final Transport transport;
    private final TransferTargets transfers;
    private final Consumer<AiCallStats> stats;
    private final Prompts prompts;
    private final SslContext ssl;
    private final DnsAddressResolverGroup resolver;
    /** Per extension: the rate limit of the "ai bad message" lines. */
    private final Map<String, LogLimiter> badMessageLimits = new ConcurrentHashMap<>();

    /** A module resolving prompt paths against the working directory, with no stats consumer. */
    public AiModule(Transport transport, TransferTargets transfers) {
        this(transport, transfers, Path.of("").toAbsolutePath(), s -> { });
    }

    /**
     * @param transport the gateway's event loops and channel classes
     * @param transfers turns a transfer target name into the handler that takes the call
     * @param home      where relative fallback prompt paths are resolved ({@code RAMAL_HOME})
     * @param stats     receives each AI call's measurements when its AI leg ends, on the call's
     *                  event loop: must not block
     */
    public AiModule(Transport transport, TransferTargets transfers, Path home, Consumer<AiCallStats> stats) {
        this.transport = transport;
        this.transfers = transfers;
        this.stats = stats;
        this.prompts = new Prompts(home);
        this.ssl = clientTls();
        Class<? extends DatagramChannel> udp = transport.name().equals("epoll")
                ? EpollDatagramChannel.class : NioDatagramChannel.class;
        this.resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(udp)
                .socketChannelType(transport.clientClass()));
    }

    /**
     * Registers the AI handler for {@link Mode#AI}; a listener binds only for an extension that
     * carries {@link AiSettings} (one read through the ai mode's parser).
     */
    public void register(Handlers handlers) {
        handlers.register(Mode.AI, this::newHandler, ext -> ext.modeSettings(AiSettings.class));
    }

    /**
     * A handler for a call of an {@code ai} extension.
     *
     * @throws IllegalArgumentException when the extension carries no {@link AiSettings} (the call
     *                                  is refused with that message)
     */
    public CallHandler newHandler(Call call) {
        AiSettings s = call.extension().modeSettings(AiSettings.class);
        if (s.fallback().prompt() != null) {
            prompts.get(s.fallback().prompt()); // starts loading now, so that it is ready if needed
        }
        return new AiHandler(this, call, s);
    }

    /** The rate limit of {@code ramal}'s "ai bad message" lines, shared by its calls. */
    LogLimiter badMessageLimit(String ramal) {
        return badMessageLimits.computeIfAbsent(ramal, r -> new LogLimiter());
    }

    Transport transport() {
        return transport;
    }

    TransferTargets transfers() {
        return transfers;
    }

    Prompts prompts() {
        return prompts;
    }

    SslContext ssl() {
        return ssl;
    }

    DnsAddressResolverGroup resolver() {
        return resolver;
    }

    void report(AiCallStats s) {
        try {
            stats.accept(s);
        } catch (RuntimeException e) {
            LOG.error("ai stats consumer failed", e);
        }
    }

    /** Stops the resolver and the prompt loader; calls still running keep their sockets until they end. */
    @Override
    public void close() {
        resolver.close();
        prompts.close();
    }

    private static SslContext clientTls() {
        try {
            // No trust manager given: the JDK's default trust store (cacerts, or javax.net.ssl.trustStore).
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (Exception e) {
            LOG.error("ai TLS client context unavailable, wss agents will fall back", e);
            return null;
        }
    }
}
