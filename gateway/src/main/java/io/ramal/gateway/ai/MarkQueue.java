package io.ramal.gateway.ai;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The agent's marks waiting for their audio to play. A mark placed when the playout buffer's
 * write position is {@code p} is due once the read position reaches {@code p}: every frame queued
 * before it has left (played, or dropped). Marks are echoed in the order they came; a
 * {@code clear} echoes all of them at once, as Twilio does.
 *
 * <p>Confined to the call's event loop.
 */
final class MarkQueue {

    private record Pending(String name, long position) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Queues {@code name}, due when the read position reaches {@code position}. */
    void add(String name, long position) {
        pending.addLast(new Pending(name, position));
    }

    /**
     * Echoes, in order, the marks due at {@code readPosition}; stops at the first that is not,
     * so a later mark never overtakes an earlier one.
     *
     * @return marks echoed
     */
    int releaseDue(long readPosition, Consumer<String> echo) {
        int n = 0;
        while (!pending.isEmpty() && pending.peekFirst().position() <= readPosition) {
            echo.accept(pending.pollFirst().name());
            n++;
        }
        return n;
    }

    /** Echoes every pending mark, in order: the audio before them was cleared. */
    int releaseAll(Consumer<String> echo) {
        int n = 0;
        while (!pending.isEmpty()) {
            echo.accept(pending.pollFirst().name());
            n++;
        }
        return n;
    }

    /** Forgets every pending mark without echoing (the agent is gone). */
    void drop() {
        pending.clear();
    }

    int size() {
        return pending.size();
    }
}
