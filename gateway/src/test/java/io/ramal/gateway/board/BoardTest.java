package io.ramal.gateway.board;

import io.ramal.extensions.StoreHealth;
import io.ramal.gateway.call.Pacers;
import io.ramal.gateway.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The board publishes when told that a queue moved, not only at its next second. */
class BoardTest {

    @Test
    void aChangePublishesASnapshotWithoutWaitingForTheSecondAndABurstSharesOne() {
        // Not started: no snapshot a second, so whatever arrives came from changed().
        try (Board board = new Board(List::of, () -> StoreHealth.starting(""), null, new Pacers(), null,
                Clock.systemUTC(), Duration.ofHours(1), "test")) {
            List<byte[]> got = new CopyOnWriteArrayList<>();
            board.subscribe(got::add);
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                board.changed();
            }
            long burstMs = (System.nanoTime() - start) / 1_000_000;
            Await.until(Duration.ofSeconds(5), "a snapshot after changed()", () -> !got.isEmpty());
            if (burstMs < Board.CHANGE_DELAY_MS / 2) { // a stalled machine may legitimately split the burst
                assertEquals(1, got.size(), "ten changes inside one delay share one snapshot");
            }
            int before = got.size();
            board.changed();
            Await.until(Duration.ofSeconds(5), "a snapshot for a later change", () -> got.size() > before);
            assertEquals('{', (char) got.get(0)[0]);
        }
    }
}
