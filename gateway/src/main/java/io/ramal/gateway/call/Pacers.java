package io.ramal.gateway.call;

import io.netty.channel.EventLoop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the one {@link Pacer} of each event loop, creating it on first use. */
public final class Pacers {

    private final Map<EventLoop, Pacer> byLoop = new ConcurrentHashMap<>();
    private final Pacer shared;

    public Pacers() {
        this.shared = null;
    }

    private Pacers(Pacer shared) {
        this.shared = shared;
    }

    /**
     * For tests on embedded channels, each of which has its own loop: every call shares the
     * pacer of {@code loop}, as the calls of one real event loop do.
     */
    static Pacers sharing(EventLoop loop) {
        return new Pacers(new Pacer(loop));
    }

    /** The worst tick lateness of the last second over every loop, in nanoseconds: the event loops' lag. */
    public long lagNanos() {
        long worst = 0;
        for (Pacer p : byLoop.values()) {
            worst = Math.max(worst, p.lagNanos());
        }
        return worst;
    }

    /** Ticks skipped on every loop since start because a loop was late (each with a {@code pacer late} line). */
    public long skippedTicks() {
        long sum = 0;
        for (Pacer p : byLoop.values()) {
            sum += p.skippedTicks();
        }
        return sum;
    }

    /** The pacer of {@code loop}. Looked up once per call, never per frame. */
    Pacer of(EventLoop loop) {
        return shared != null ? shared : byLoop.computeIfAbsent(loop, Pacer::new);
    }
}
