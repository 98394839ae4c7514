package io.ramal.gateway.queue.match;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Builds the {@link QueueBoard}s from the matchmaker's state, on its thread. */
final class QueueBoards {

    private QueueBoards() {
    }

    static List<QueueBoard> of(Collection<QueueState> queues, long now) {
        List<QueueBoard> out = new ArrayList<>(queues.size());
        for (QueueState q : queues) {
            List<QueueBoard.Waiting> waiting = new ArrayList<>(q.waiting.size());
            int position = 1;
            for (Waiter w : q.waiting) {
                waiting.add(new QueueBoard.Waiting(w.id, QueueBoard.ramalOf(w.label), position++,
                        Math.max(0, now - w.waitStart)));
            }
            List<QueueBoard.Member> members = new ArrayList<>(q.members.size());
            for (Attendant a : q.members) {
                long since = switch (a.state) {
                    case BUSY -> a.partner != null && a.partner.connectedAt > 0 ? now - a.partner.connectedAt : 0;
                    case FREE -> now - a.idleSince;
                    case WRAP_UP, PAUSED -> 0;
                };
                members.add(new QueueBoard.Member(a.id, QueueBoard.ramalOf(a.label),
                        a.state.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        a.state == Attendant.State.BUSY && a.partner != null ? a.partner.id : null, Math.max(0, since)));
            }
            out.add(new QueueBoard(q.name, waiting, members));
        }
        return out;
    }
}
