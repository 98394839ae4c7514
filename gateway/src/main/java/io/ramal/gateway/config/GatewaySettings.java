package io.ramal.gateway.config;

import io.ramal.extensions.BindAddress;
import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.SourceAllowlist;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code gateway:} section: the process-wide event loops.
 *
 * @param transport        {@code auto} (epoll when available), {@code epoll} or {@code nio}
 * @param eventLoopThreads event loops shared by all listeners; 0 means one per core
 * @param shutdownTimeout  on stop, how long calls may take to end before they are hung up
 * @param allow            the sources extensions without their own {@code allow} accept; default
 *                         loopback and the private ranges ({@link SourceAllowlist#PRIVATE})
 * @param maxCalls         the most calls across all extensions at once (from their id frame), 0 for no limit
 * @param defaultBind      the address extensions without one bind (and {@code extensions add} writes
 *                         when no {@code --bind} is given); loopback by default, never silently every interface
 */
public record GatewaySettings(String transport, int eventLoopThreads, Duration shutdownTimeout,
                              SourceAllowlist allow, int maxCalls, String defaultBind) {

    public static GatewaySettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("gateway", values);
        String transport = s.string("transport", "auto");
        if (!transport.equals("auto") && !transport.equals("epoll") && !transport.equals("nio")) {
            throw new IllegalArgumentException("gateway.transport=" + transport + " is invalid, allowed: auto, epoll, nio");
        }
        GatewaySettings g = new GatewaySettings(transport, s.integer("event-loop-threads", 0, 0, 1024),
                s.duration("shutdown-timeout", Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1)),
                SourceAllowlist.parse(s.key("allow"), s.raw("allow") == null ? SourceAllowlist.PRIVATE : s.raw("allow")),
                s.integer("max-calls", 0, 0, io.ramal.extensions.Extension.MAX_CALLS_LIMIT),
                BindAddress.canonical(s.string("default-bind", "127.0.0.1")));
        s.finish();
        return g;
    }
}
