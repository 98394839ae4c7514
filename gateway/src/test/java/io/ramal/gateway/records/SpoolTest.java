package io.ramal.gateway.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {

    private static final ObjectMapper JSON = Records.json();

    @TempDir
    Path dir;

    private static QueueEventRecord event(int i) {
        return new QueueEventRecord(new UUID(7, i), Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i), "suporte",
                new UUID(1, i), null, "enter", Map.of("waited_ms", 0, "service_level_s", 20));
    }

    private Spool<QueueEventRecord> open() {
        return new Spool<>(dir, "queue-events", JSON, QueueEventRecord.class);
    }

    private static List<QueueEventRecord> events(int from, int to) {
        List<QueueEventRecord> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(event(i));
        }
        return l;
    }

    @Test
    void replaysInTheOrderWrittenAndEmptiesAtTheEnd() {
        try (Spool<QueueEventRecord> s = open()) {
            s.append(events(0, 5));
            s.append(events(5, 8));
            assertEquals(8, s.pending());
            Spool.Chunk<QueueEventRecord> c = s.read(3);
            assertEquals(events(0, 3), c.records());
            s.commit(c);
            assertEquals(5, s.pending());
            c = s.read(100);
            assertEquals(events(3, 8), c.records());
            s.commit(c);
            assertEquals(0, s.pending());
            assertEquals(0, s.read(100).lines());
        }
        assertEquals(0, dir.resolve("queue-events.spool").toFile().length(), "emptied once all is replayed");
        assertFalse(Files.exists(dir.resolve("queue-events.offset")));
    }

    @Test
    void aReopenedSpoolGoesOnFromTheLastCommittedChunk() {
        try (Spool<QueueEventRecord> s = open()) {
            s.append(events(0, 10));
            s.commit(s.read(4));
            s.read(3); // read, but not in the store when the process dies: read again after the restart
        }
        try (Spool<QueueEventRecord> s = open()) {
            assertEquals(6, s.pending());
            assertEquals(events(4, 10), s.read(100).records());
        }
    }

    @Test
    void aTornLastLineIsCutWithOneWarnAndTheRestReplays() throws Exception {
        try (Spool<QueueEventRecord> s = open()) {
            s.append(events(0, 3));
        }
        Files.writeString(dir.resolve("queue-events.spool"), "{\"eventId\":\"00000000-0000-0007-0000-0000000",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (LogCapture log = LogCapture.info("ramal.records"); Spool<QueueEventRecord> s = open()) {
            assertEquals(1, log.messages().stream().filter(m -> m.contains("torn last line")).count(), log.messages().toString());
            assertEquals(3, s.pending());
            s.append(events(3, 4)); // appended after the cut, not glued to the torn bytes
            assertEquals(events(0, 4), s.read(100).records());
        }
    }

    @Test
    void aLineThatCannotBeReadIsSkippedAndDoesNotBlockTheRest() throws Exception {
        try (Spool<QueueEventRecord> s = open()) {
            s.append(events(0, 2));
        }
        Files.writeString(dir.resolve("queue-events.spool"), "not json\n", StandardOpenOption.APPEND);
        try (Spool<QueueEventRecord> s = open()) {
            s.append(events(2, 4));
        }
        try (LogCapture log = LogCapture.info("ramal.records"); Spool<QueueEventRecord> s = open()) {
            assertEquals(5, s.pending(), "five lines, one of them bad");
            Spool.Chunk<QueueEventRecord> c = s.read(100);
            assertEquals(events(0, 4), c.records());
            assertEquals(5, c.lines());
            assertTrue(log.has("cannot be read, skipped"), log.messages().toString());
            s.commit(c);
            assertEquals(0, s.pending());
        }
    }

    @Test
    void aChunkStopsAtItsSizeEvenInsideABuffer() {
        try (Spool<QueueEventRecord> s = open()) {
            s.append(events(0, 1000));
            int seen = 0;
            while (s.pending() > 0) {
                Spool.Chunk<QueueEventRecord> c = s.read(7);
                assertEquals(events(seen, seen + c.records().size()), c.records());
                seen += c.records().size();
                s.commit(c);
            }
            assertEquals(1000, seen);
        }
    }
}
