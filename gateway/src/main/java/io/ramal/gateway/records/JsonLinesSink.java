package io.ramal.gateway.records;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * Without a database: each record as one JSON line in a daily file,
 * {@code <dir>/<name>-<yyyy-mm-dd>.jsonl}, the day being the record's own (in the gateway's time
 * zone), appended and fsync'd one batch at a time. Reports read these files as they read the
 * tables.
 */
final class JsonLinesSink<T> implements RecordSink<T> {

    private final Path dir;
    private final String name;
    private final ObjectMapper json;
    private final Function<T, Instant> day;
    private final ZoneId zone;

    /** @param day the instant whose date names a record's file */
    JsonLinesSink(Path dir, String name, ObjectMapper json, Function<T, Instant> day, ZoneId zone) {
        this.dir = dir;
        this.name = name;
        this.json = json;
        this.day = day;
        this.zone = zone;
    }

    /** The file of {@code date}. */
    static Path file(Path dir, String name, LocalDate date) {
        return RecordFiles.file(dir, name, date);
    }

    @Override
    public synchronized void write(List<T> batch) throws WriteException {
        try {
            Files.createDirectories(dir);
            LocalDate current = null;
            ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 512);
            for (T r : batch) {
                LocalDate d = LocalDate.ofInstant(day.apply(r), zone);
                if (current != null && !d.equals(current)) {
                    append(current, out);
                }
                current = d;
                json.writeValue(out, r);
                out.write('\n');
            }
            if (current != null) {
                append(current, out);
            }
        } catch (IOException e) {
            throw new WriteException("records dir " + dir + " cannot be written: " + e.getMessage(), true, e);
        }
    }

    private void append(LocalDate date, ByteArrayOutputStream out) throws IOException {
        try (FileChannel ch = FileChannel.open(file(dir, name, date), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        out.reset();
    }

    @Override
    public String describe() {
        return "files dir=" + dir;
    }

    @Override
    public void close() {
        // nothing held open between batches
    }
}
