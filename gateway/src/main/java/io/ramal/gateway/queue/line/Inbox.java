package io.ramal.gateway.queue.line;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * A line handler's messages from the matchmaker, applied at the call's next tick. The
 * matchmaker's thread posts; the message hops to the call's event loop and waits in the inbox;
 * the handler drains it at the start of {@code onTick}, just before the pacer takes the frame
 * the message starts. So what the handler reports as heard (connected, back to waiting) is what
 * the call was sent. Shared by the caller and the attendant handler.
 *
 * <p>{@link #post} may be called from any thread once {@link #open} has run; everything else is
 * confined to the call's event loop.
 */
final class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final String prefix;
    private final BooleanSupplier live;
    private final ArrayDeque<Runnable> messages = new ArrayDeque<>();
    private volatile EventLoop loop;

    /**
     * @param prefix the call's log prefix
     * @param live   false once the handler is done (ended, transferred): read on the loop, it
     *               drops messages that arrive later and stops a drain
     */
    Inbox(String prefix, BooleanSupplier live) {
        this.prefix = prefix;
        this.live = live;
    }

    /** The call's loop, known at {@code onStart}, before the matchmaker first sees the call. */
    void open(EventLoop eventLoop) {
        loop = eventLoop;
    }

    /** Any thread: queues {@code message} for the next tick, unless the handler is done by then. */
    void post(Runnable message) {
        try {
            loop.execute(() -> {
                if (live.getAsBoolean()) {
                    messages.add(message);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{} event loop gone, queue message dropped", prefix);
        }
    }

    /** On the loop, at a tick: applies the queued messages in order, stopping once the handler is done. */
    void drain() {
        Runnable r;
        while (live.getAsBoolean() && (r = messages.poll()) != null) {
            r.run();
        }
    }

    /** On the loop: drops what is queued (the call ended). */
    void clear() {
        messages.clear();
    }
}
