package io.ramal.gateway.queue.match;

import io.ramal.gateway.queue.QueueSettings;
import io.ramal.gateway.queue.match.Fakes.Attendant;
import io.ramal.gateway.queue.match.Fakes.Caller;
import io.ramal.gateway.queue.match.Fakes.Lines;
import io.ramal.gateway.queue.match.Fakes.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the wallboard sees of a queue: callers in serving order with their waits, attendants and whom they talk to. */
class QueueBoardTest {

    private final ManualClock clock = new ManualClock();
    private final Lines lines = new Lines();
    private final LocalMatchmaker mm = new LocalMatchmaker(Runnable::run, clock, e -> { }, lines, new Random(7),
            QueueSettings::defaults);

    @Test
    void waitingCallersInOrderAndAttendantsBusyWithWhomForHowLong() {
        QueueSettings s = QueueSettings.from("test", Map.of("queue", "suporte", "wrap-up", "0"));
        Caller c1 = new Caller("call=aaaa ramal=9100");
        Caller c2 = new Caller("call=bbbb ramal=9101");
        lines.callers.put(c1.id, c1);
        lines.callers.put(c2.id, c2);
        mm.enqueue(c1.id, c1.toString(), s);
        clock.advance(Duration.ofSeconds(10));
        mm.enqueue(c2.id, c2.toString(), s);
        clock.advance(Duration.ofSeconds(5));

        QueueBoard b = mm.board().get(0);
        assertEquals("suporte", b.queue());
        assertEquals(List.of(new QueueBoard.Waiting(c1.id, "9100", 1, 15_000), new QueueBoard.Waiting(c2.id, "9101", 2,
                5_000)), b.waiting());
        assertEquals(List.of(), b.attendants());

        Attendant a = new Attendant("call=cccc ramal=9200");
        lines.attendants.put(a.id, a);
        mm.login(a.id, a.toString(), List.of("suporte"));
        mm.callerConnected(c1.id, c1.pairing);
        clock.advance(Duration.ofSeconds(7));

        b = mm.board().get(0);
        assertEquals(List.of(new QueueBoard.Waiting(c2.id, "9101", 1, 12_000)), b.waiting());
        assertEquals(List.of(new QueueBoard.Member(a.id, "9200", "busy", c1.id, 7_000)), b.attendants());

        mm.pause(a.id, true);
        mm.endConversation(a.id);
        b = mm.board().get(0);
        QueueBoard.Member m = b.attendants().get(0);
        assertEquals("paused", m.state(), new ArrayList<>(b.attendants()).toString());
        assertNull(m.with());
    }
}
