package io.ramal.gateway.listener;

import io.ramal.extensions.SourceAllowlist;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway-wide admission rules every listener shares: the default source allowlist
 * ({@code gateway.allow}, for extensions without their own {@code allow}) and the limit of
 * simultaneous calls across all extensions ({@code gateway.max-calls}, 0 for none), a call
 * holding its slot from its id frame to its end. Lock-free: a slot is taken with a
 * compare-and-set, so a flood on every event loop never overshoots the limit and never blocks.
 */
public final class CallLimits {

    /** Loopback and the private ranges, no gateway-wide limit: the defaults. */
    public static final CallLimits DEFAULTS = new CallLimits(SourceAllowlist.parse("gateway.allow",
            SourceAllowlist.PRIVATE), 0);

    /** Any source, no limit: the start-up warm-up's private listeners, which take no one's slot. */
    static final CallLimits NONE = new CallLimits(SourceAllowlist.parse("allow", List.of("::/0", "0.0.0.0/0")), 0);

    private final SourceAllowlist defaultAllow;
    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    public CallLimits(SourceAllowlist defaultAllow, int max) {
        this.defaultAllow = defaultAllow;
        this.max = max;
    }

    /** The allowlist of extensions without their own. */
    public SourceAllowlist defaultAllow() {
        return defaultAllow;
    }

    /** Call slots held now, across every extension. */
    public int active() {
        return active.get();
    }

    /** Takes a gateway-wide slot; false when {@code gateway.max-calls} are already held. */
    boolean acquire() {
        return acquire(active, max);
    }

    void release() {
        active.decrementAndGet();
    }

    /** Takes one of {@code limit} slots of {@code count} (0: unlimited, counted all the same). */
    static boolean acquire(AtomicInteger count, int limit) {
        while (true) {
            int n = count.get();
            if (limit > 0 && n >= limit) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }
}
