package io.ramal.gateway.queue;

import io.ramal.extensions.Mode;
import io.ramal.gateway.handler.EchoHandler;
import io.ramal.gateway.prompt.Prompt;
import io.ramal.gateway.queue.line.ExtensionLookup;
import io.ramal.gateway.queue.match.QueueEvent;
import io.ramal.gateway.queue.match.QueueStats;
import io.ramal.gateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real AudioSocket callers and attendants through the gateway: issue 5's "done when". */
class QueueIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private QueueRig rig;
    private final List<Phone> phones = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Phone p : phones) {
            p.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    private QueueRig rig(ExtensionLookup lookup) throws Exception {
        rig = new QueueRig(tmp, lookup);
        return rig;
    }

    private Phone dial(int port, int voice) throws Exception {
        Phone p = Phone.dial(port, voice).talk(rig.scheduler, 20);
        phones.add(p);
        return p;
    }

    /** True when {@code p} heard {@code seq} back to back. */
    private static boolean heardInOrder(Phone p, int... seq) {
        List<Integer> s = new ArrayList<>();
        for (int v : seq) {
            s.add(v);
        }
        return Collections.indexOfSubList(p.heard(), s) >= 0;
    }

    private void awaitHeard(Phone p, String what, int... seq) {
        Await.until(WAIT, () -> what + ", heard " + rig.names(p.heard()), () -> heardInOrder(p, seq));
    }

    private void awaitEvent(UUID caller, QueueEvent.Type type) {
        Await.until(WAIT, () -> type + " for " + caller + ", events " + rig.typesOf(caller),
                () -> rig.typesOf(caller).contains(type));
    }

    private int position(int n) {
        return rig.number(n);
    }

    @Test
    void threeCallersAndOneAttendantAreServedInArrivalOrderHearingTheirPositions() throws Exception {
        rig(ExtensionLookup.NONE);
        int queue = rig.bind("9100", Mode.QUEUE, Map.of("queue", "suporte", "wrap-up", "0", "announce-interval", "0"));
        int agent = rig.bind("9200", Mode.AGENT, Map.of("queues", "suporte"));
        int you = rig.value(Prompt.YOU_ARE_NUMBER);
        int inQueue = rig.value(Prompt.IN_QUEUE);

        List<Phone> callers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Phone c = dial(queue, 7000 + i);
            callers.add(c);
            awaitEvent(c.id, QueueEvent.Type.ENTER); // arrival order is dial order
            awaitHeard(c, "caller " + i + " hears position " + i, you, position(i), inQueue);
        }
        Phone c1 = callers.get(0);
        Phone c2 = callers.get(1);
        Phone c3 = callers.get(2);

        Phone a = dial(agent, 9001);
        awaitHeard(c1, "caller 1 is connected, then hears the attendant",
                rig.value(Prompt.CONNECTING), rig.value(Prompt.CONNECT_TONE), 9001);
        awaitHeard(a, "the attendant hears the tone, then caller 1", rig.value(Prompt.CONNECT_TONE), 7001);
        awaitHeard(c2, "caller 2 moves up to 1", you, position(1), inQueue);
        awaitHeard(c3, "caller 3 moves up to 2", you, position(2), inQueue);
        assertFalse(c2.heard().contains(9001), "caller 2 waits");

        c1.hangUp();
        awaitHeard(c2, "caller 2 is served next", rig.value(Prompt.CONNECT_TONE), 9001);
        awaitHeard(a, "the attendant hears caller 2", rig.value(Prompt.CONNECT_TONE), 7002);
        awaitHeard(c3, "caller 3 moves up to 1", you, position(1), inQueue);
        c2.hangUp();
        awaitHeard(c3, "caller 3 is served last", rig.value(Prompt.CONNECT_TONE), 9001);
        awaitHeard(a, "the attendant hears caller 3", rig.value(Prompt.CONNECT_TONE), 7003);
        c3.hangUp();

        List<UUID> connected;
        synchronized (rig.events) {
            connected = rig.events.stream().filter(e -> e.type() == QueueEvent.Type.CONNECT)
                    .map(QueueEvent::caller).toList();
        }
        assertEquals(List.of(c1.id, c2.id, c3.id), connected);
        List<Integer> voices = a.heard().stream().filter(v -> v > 7000 && v < 8000).toList();
        assertEquals(List.of(7001, 7002, 7003), voices, "the attendant heard each caller, in order, once");
        Await.until(WAIT, "all three complete", () -> rig.module.snapshot(false).get(0).completedTotal() == 3);
        QueueStats st = rig.module.snapshot(false).get(0);
        assertEquals(3, st.answeredTotal());
        assertEquals(0, st.abandonedTotal());
        assertEquals(1, st.attendantsFree());
        rig.checkInvariants();
    }

    @Test
    void attendantHangingUpPutsTheCallerBackAtTheHeadForTheNextAttendant() throws Exception {
        rig(ExtensionLookup.NONE);
        int queue = rig.bind("9100", Mode.QUEUE, Map.of("queue", "suporte", "announce-interval", "0"));
        int agent = rig.bind("9200", Mode.AGENT, Map.of("queues", "suporte"));
        int you = rig.value(Prompt.YOU_ARE_NUMBER);
        Phone c1 = dial(queue, 7001);
        awaitEvent(c1.id, QueueEvent.Type.ENTER);
        Phone c2 = dial(queue, 7002);
        awaitHeard(c2, "caller 2 waits second", you, position(2));

        Phone a1 = dial(agent, 9001);
        awaitHeard(c1, "caller 1 talks to attendant 1", rig.value(Prompt.CONNECT_TONE), 9001);
        awaitEvent(c1.id, QueueEvent.Type.CONNECT);
        a1.hangUp();
        awaitHeard(c1, "caller 1 hears why and that it is first again", 9001, rig.value(Prompt.ATTENDANT_LEFT),
                you, position(1));
        awaitEvent(c1.id, QueueEvent.Type.REQUEUE);

        Phone a2 = dial(agent, 9002);
        awaitHeard(c1, "caller 1 is served by the next attendant", rig.value(Prompt.CONNECT_TONE), 9002);
        awaitHeard(a2, "attendant 2 hears caller 1", rig.value(Prompt.CONNECT_TONE), 7001);
        assertFalse(c2.heard().contains(9002), "caller 2 still waits behind caller 1");
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.CONNECT, QueueEvent.Type.REQUEUE,
                QueueEvent.Type.CONNECT), rig.typesOf(c1.id));
        assertEquals(1, rig.module.snapshot(false).get(0).requeuedTotal());
        rig.checkInvariants();
    }

    @Test
    void callerHangingUpWhileWaitingIsAnAbandonAndNobodyIsPairedWithIt() throws Exception {
        rig(ExtensionLookup.NONE);
        int queue = rig.bind("9100", Mode.QUEUE, Map.of("queue", "suporte"));
        int agent = rig.bind("9200", Mode.AGENT, Map.of("queues", "suporte"));
        Phone gone = dial(queue, 7001);
        awaitHeard(gone, "the caller waits", rig.value(Prompt.YOU_ARE_NUMBER), position(1));
        gone.hangUp();
        awaitEvent(gone.id, QueueEvent.Type.ABANDON);

        Phone a = dial(agent, 9001);
        Phone next = dial(queue, 7002);
        awaitHeard(a, "the attendant gets the next caller", rig.value(Prompt.CONNECT_TONE), 7002);
        assertFalse(a.heard().contains(7001), "never paired with the caller who left");
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.ABANDON), rig.typesOf(gone.id));
        QueueStats st = rig.module.snapshot(false).get(0);
        assertEquals(1, st.abandoned());
        assertEquals(1, st.abandonedTotal());
        assertEquals(1, st.answeredTotal());
        assertTrue(next.heard().contains(9001) || !next.closedByServer());
        rig.checkInvariants();
    }

    @Test
    void maximumWaitSendsTheCallerToTheOverflowExtension() throws Exception {
        rig((ramal, call) -> ramal.equals("9000") ? Optional.of(new EchoHandler()) : Optional.empty());
        int queue = rig.bind("9101", Mode.QUEUE, Map.of("queue", "vendas", "max-wait", "1s",
                "overflow", "ramal:9000"));
        Phone c = dial(queue, 7001);
        awaitHeard(c, "the caller waits", rig.value(Prompt.YOU_ARE_NUMBER), position(1));
        awaitEvent(c.id, QueueEvent.Type.TIMEOUT);
        Await.until(WAIT, () -> "the echo line answers, heard " + rig.names(c.heard()), () -> c.last() == 7001);
        assertFalse(c.closedByServer());
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.TIMEOUT), rig.typesOf(c.id));
        QueueEvent timeout = rig.events.stream().filter(e -> e.type() == QueueEvent.Type.TIMEOUT).findFirst()
                .orElseThrow();
        assertTrue(timeout.waited().toMillis() >= 1000, "waited " + timeout.waited());
        assertTrue(timeout.detail().contains("ramal:9000"), timeout.detail());
        assertEquals(1, rig.module.snapshot(false).get(0).overflowedTotal());
    }

    @Test
    void overflowWithNoTargetSaysGoodbyeAndHangsUp() throws Exception {
        rig(ExtensionLookup.NONE);
        int queue = rig.bind("9102", Mode.QUEUE, Map.of("queue", "noite", "require-attendant", "true"));
        Phone c = dial(queue, 7001);
        Await.until(WAIT, "the gateway hangs up", c::closedByServer);
        assertTrue(c.hangupReceived(), "hangup frame before the close");
        assertEquals(rig.value(Prompt.NO_ATTENDANT), c.last(), rig.names(c.heard()).toString());
        assertEquals(List.of(QueueEvent.Type.ENTER, QueueEvent.Type.OVERFLOW), rig.typesOf(c.id));
    }
    @Test
    void attendantDigitsPauseResumeAndEndTheConversation() throws Exception {
        rig(ExtensionLookup.NONE);
        int queue = rig.bind("9100", Mode.QUEUE, Map.of("queue", "suporte", "wrap-up", "0"));
        int agent = rig.bind("9200", Mode.AGENT, Map.of("queues", "suporte", "beep-interval", "300ms"));
        Phone a = dial(agent, 9001);
        awaitHeard(a, "an idle attendant hears the reminder beep", rig.value(Prompt.BEEP));
        a.press('*');
        Await.until(WAIT, "paused", () -> rig.module.snapshot(false).get(0).attendantsPaused() == 1);
        Phone c = dial(queue, 7001);
        awaitHeard(c, "the caller waits while the only attendant is paused",
                rig.value(Prompt.YOU_ARE_NUMBER), position(1));
        assertFalse(c.heard().contains(rig.value(Prompt.CONNECT_TONE)));
        a.press('#');
        awaitHeard(c, "resumed: the caller is connected", rig.value(Prompt.CONNECT_TONE), 9001);
        awaitHeard(a, "the attendant hears the caller", 7001);
        c.press('5'); // a caller's digit reaches nobody: the gateway never sends DTMF
        a.press('0');
        Await.until(WAIT, "the gateway hangs up the caller", c::closedByServer);
        assertTrue(c.hangupReceived());
        awaitEvent(c.id, QueueEvent.Type.COMPLETE_BY_ATTENDANT);
        assertFalse(a.closedByServer(), "the attendant stays logged in");
        Phone next = dial(queue, 7002);
        awaitHeard(a, "and takes the next caller", rig.value(Prompt.CONNECT_TONE), 7002);
        assertTrue(next.heard().contains(9001) || !next.closedByServer());
        List<QueueEvent.Type> attendantEvents;
        synchronized (rig.events) {
            attendantEvents = rig.events.stream().filter(e -> a.id.equals(e.attendant()) && e.caller() == null)
                    .map(QueueEvent::type).toList();
        }
        assertEquals(List.of(QueueEvent.Type.LOGIN, QueueEvent.Type.PAUSE, QueueEvent.Type.UNPAUSE), attendantEvents);
        rig.checkInvariants();
    }
}
