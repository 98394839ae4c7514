package io.ramal.gateway.queue.line;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The handlers' inbox: messages wait for the tick, run in order, and stop once the handler is done. */
class InboxTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> ran = new ArrayList<>();
    private boolean live = true;
    private final Inbox inbox = new Inbox("test", () -> live);

    @Test
    void messagesWaitForTheTickAndRunInOrder() {
        inbox.open(channel.eventLoop());
        inbox.post(() -> ran.add("a"));
        inbox.post(() -> ran.add("b"));
        channel.runPendingTasks();
        assertEquals(List.of(), ran, "nothing before the tick");
        inbox.drain();
        assertEquals(List.of("a", "b"), ran);
        assertFalse(channel.finish());
    }

    @Test
    void aMessageThatEndsTheHandlerStopsTheDrainAndLaterOnesAreDropped() {
        inbox.open(channel.eventLoop());
        inbox.post(() -> {
            ran.add("hangup");
            live = false;
        });
        inbox.post(() -> ran.add("after"));
        channel.runPendingTasks();
        inbox.drain();
        inbox.post(() -> ran.add("late"));
        channel.runPendingTasks();
        inbox.drain();
        assertEquals(List.of("hangup"), ran);
        assertFalse(channel.finish());
    }
}
