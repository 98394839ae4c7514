package io.ramal.gateway.queue.audio;

import io.ramal.gateway.queue.match.Pairing;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The node's bridges: one pair of rings per pairing, made once, forgotten when the pairing ends. */
class BridgesTest {

    private final Pairing first = new Pairing(1, "q", UUID.randomUUID(), UUID.randomUUID());
    private final Pairing second = new Pairing(2, "q", UUID.randomUUID(), UUID.randomUUID());

    @Test
    void aPairingGetsItsOwnTwoRingsOnce() {
        Bridges bridges = new Bridges(1000);
        Bridge b = bridges.open(first);
        assertSame(first, b.pairing());
        assertNotSame(b.toAttendant(), b.toCaller(), "one ring per direction");
        assertEquals(1024, b.toCaller().capacity());
        assertSame(b, bridges.open(first), "told twice, made once");
        assertSame(b, bridges.get(first));
        assertNotSame(b, bridges.open(second));
        assertEquals(2, bridges.size());
        assertEquals("bridge#1[q caller=" + first.caller() + " attendant=" + first.attendant() + "]", b.toString());
    }

    @Test
    void anEndedPairingIsTornDownOnce() {
        Bridges bridges = new Bridges(1000);
        Bridge b = bridges.open(first);
        bridges.open(second);
        assertSame(b, bridges.close(first));
        assertNull(bridges.close(first), "already gone");
        assertNull(bridges.get(first));
        assertEquals(1, bridges.size());
    }

    @Test
    void aBadRingSizeFailsAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> new Bridges(1));
    }
}
