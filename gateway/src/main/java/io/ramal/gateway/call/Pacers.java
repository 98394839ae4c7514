package io.ramal.gateway.call;

import io.netty.channel.EventLoop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the one {@link Pacer} of each event loop, creating it on first use. */
public final class Pacers {

    private final Map<EventLoop, Pacer> byLoop = new ConcurrentHashMap<>();

    /** The pacer of {@code loop}. Looked up once per call, never per frame. */
    Pacer of(EventLoop loop) {
        return byLoop.computeIfAbsent(loop, Pacer::new);
    }
}
