package io.ramal.gateway.records;

import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The writer against a store that goes away and a disk that refuses the spool: nothing is dropped. */
class RecordWriterTest {

    @TempDir
    Path dir;

    private static QueueEventRecord event(int i) {
        return new QueueEventRecord(new UUID(9, i), Instant.parse("2026-12-01T10:00:00Z"), "q", null, null, "login",
                Map.of());
    }

    /** A store that is down while {@code down} is set, and keeps what it is given. */
    private static final class Store implements RecordSink<QueueEventRecord> {
        final AtomicBoolean down = new AtomicBoolean(true);
        final List<QueueEventRecord> kept = new CopyOnWriteArrayList<>();

        @Override
        public void write(List<QueueEventRecord> batch) throws WriteException {
            if (down.get()) {
                throw new WriteException("connection refused", true, null);
            }
            kept.addAll(batch);
        }

        @Override
        public String describe() {
            return "test";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aSpoolTheDiskRefusesKeepsTheRecordsInMemoryUntilTheStoreIsBack() {
        RecordsSettings s = RecordsSettings.from(Map.of("retry-interval", "50ms", "evaluate-interval", "100ms"));
        Store store = new Store();
        Spool<QueueEventRecord> spool = new Spool<>(dir, "test", Records.json(), QueueEventRecord.class);
        spool.close(); // every append now fails, as on a full or read-only disk
        try (LogCapture log = LogCapture.info("ramal.records")) {
            RecordWriter<QueueEventRecord> w = new RecordWriter<>("test", store, spool, r -> { }, s,
                    new ElasticPool.Budget(4)).start();
            for (int i = 0; i < 10; i++) {
                w.offer(event(i));
            }
            Await.until(Duration.ofSeconds(5), () -> "the spool's failure logged: " + log.messages(),
                    () -> log.has("pool=test spool cannot be written, records stay in memory"));
            Await.until(Duration.ofSeconds(5), () -> "the ten still in the backlog: " + w.backlog(),
                    () -> w.backlog() == 10);
            store.down.set(false);
            Await.until(Duration.ofSeconds(5), () -> "written once the store is back: " + store.kept.size(),
                    () -> store.kept.size() == 10);
            assertEquals(1, log.messages().stream().filter(m -> m.contains("spool cannot be written")).count(),
                    "logged once, not at every retry");
            assertEquals(10, store.kept.stream().map(QueueEventRecord::eventId).distinct().count());
        }
    }
}
