package io.ramal.gateway.queue.match;

import java.util.Map;
import java.util.UUID;

/**
 * The pairing invariants of {@link Matching}, checked by tests after every scenario and by the
 * stress test while calls come and go: every attendant's partner names them back, no caller is
 * both waiting and paired, a paired caller holds its pairing, nobody paired is unknown.
 */
final class Invariants {

    private Invariants() {
    }

    /**
     * Checks the invariants over the callers and attendants known, by call id.
     *
     * @throws IllegalStateException describing the first violation
     */
    static void check(Map<UUID, Waiter> callers, Map<UUID, Attendant> attendants) {
        for (Attendant a : attendants.values()) {
            if ((a.state == Attendant.State.BUSY) != (a.partner != null)) {
                throw new IllegalStateException(a.label + " state " + a.state + " partner " + a.partner);
            }
            if (a.partner != null && (a.partner.partner != a || callers.get(a.partner.id) != a.partner)) {
                throw new IllegalStateException(a.label + " paired with a caller that is not paired back");
            }
        }
        for (Waiter w : callers.values()) {
            boolean listed = w.queue.waiting.contains(w);
            if (listed != (w.state == Waiter.State.WAITING) || (w.partner != null) == listed) {
                throw new IllegalStateException(w.label + " state " + w.state + " listed " + listed);
            }
            if ((w.partner != null) != (w.pairing != null)) {
                throw new IllegalStateException(w.label + " partner " + w.partner + " pairing " + w.pairing);
            }
            if (w.partner != null && attendants.get(w.partner.id) != w.partner) {
                throw new IllegalStateException(w.label + " paired with an attendant who left");
            }
        }
    }
}
