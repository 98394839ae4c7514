package io.ramal.gateway.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records waiting on disk while the database is away or slow: an append-only file of JSON lines
 * ({@code <name>.spool}), written and fsync'd one batch at a time, and read back in the order it
 * was written. How far replay has got is kept beside it ({@code <name>.offset}, replaced
 * atomically after each batch is in the database), so a gateway killed at any moment replays from
 * there at its next start; a batch replayed twice is harmless because every record has a key the
 * database keeps once. When replay reaches the end the file is emptied.
 *
 * <p>A torn last line (a kill in the middle of an append) is cut off at open with one WARN; a line
 * that cannot be read is skipped with a WARN; neither stops the rest. Used by the writer's own
 * threads only, never an event loop; its methods are synchronized on the spool (one per pool).
 */
final class Spool<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ramal.records");

    /** Lines read back, with the file offset just past the last one. */
    record Chunk<T>(List<T> records, long end, int lines) {
    }

    private final String name;
    private final Path file;
    private final Path offsetFile;
    private final ObjectMapper json;
    private final Class<T> type;
    private final FileChannel channel;
    private final AtomicLong pending = new AtomicLong();
    private long readOffset;

    Spool(Path dir, String name, ObjectMapper json, Class<T> type) {
        this.name = name;
        this.json = json;
        this.type = type;
        this.file = dir.resolve(name + ".spool");
        this.offsetFile = dir.resolve(name + ".offset");
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            cutTornTail();
            readOffset = Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).trim()) : 0;
            if (readOffset > channel.size() || readOffset < 0) {
                LOG.warn("spool={} offset={} is past the end size={}, replaying from the start", name, readOffset,
                        channel.size());
                readOffset = 0;
            }
            pending.set(countLines(readOffset));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("spool " + file + " cannot be opened: " + e.getMessage(), e);
        }
        if (pending.get() > 0) {
            LOG.info("spool={} file={} pending={} replays when the store takes writes", name, file, pending.get());
        }
    }

    /** The spool file. */
    Path file() {
        return file;
    }

    /** Records written and not yet replayed. */
    long pending() {
        return pending.get();
    }

    /** Appends {@code records} in order and fsyncs them. */
    synchronized void append(List<T> records) {
        if (records.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 512);
        try {
            for (T r : records) {
                json.writeValue(out, r);
                out.write('\n');
            }
            ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
            long at = channel.size();
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("spool " + file + " cannot be written: " + e.getMessage(), e);
        }
        pending.addAndGet(records.size());
    }

    /** Up to {@code max} records from where replay stands; empty at the end. */
    synchronized Chunk<T> read(int max) {
        List<T> out = new ArrayList<>(Math.min(max, 1024));
        long pos = readOffset; // just past the last whole line taken
        long readPos = readOffset;
        int lines = 0;
        try {
            long size = channel.size();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            while (readPos < size && out.size() < max) {
                buf.clear();
                int n = channel.read(buf, readPos);
                if (n <= 0) {
                    break;
                }
                readPos += n;
                buf.flip();
                while (buf.hasRemaining() && out.size() < max) {
                    byte c = buf.get();
                    if (c != '\n') {
                        line.write(c);
                        continue;
                    }
                    pos += line.size() + 1;
                    lines++;
                    parse(line.toByteArray(), pos).ifPresent(out::add);
                    line.reset();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spool " + file + " cannot be read: " + e.getMessage(), e);
        }
        return new Chunk<>(out, pos, lines);
    }

    private java.util.Optional<T> parse(byte[] line, long end) {
        if (line.length == 0) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(json.readValue(line, type));
        } catch (IOException e) {
            LOG.warn("spool={} line ending at offset={} cannot be read, skipped reason=\"{}\"", name, end,
                    e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
            return java.util.Optional.empty();
        }
    }

    /** {@code chunk} is in the store: replay moves past it, and the file empties at its end. */
    synchronized void commit(Chunk<T> chunk) {
        readOffset = chunk.end();
        pending.addAndGet(-chunk.lines());
        try {
            if (readOffset >= channel.size()) {
                channel.truncate(0);
                channel.force(true);
                readOffset = 0;
                pending.set(0);
                Files.deleteIfExists(offsetFile);
                return;
            }
            Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
            try (FileChannel o = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                o.write(ByteBuffer.wrap(Long.toString(readOffset).getBytes(StandardCharsets.US_ASCII)));
                o.force(true);
            }
            Files.move(tmp, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("spool " + file + " offset cannot be written: " + e.getMessage(), e);
        }
    }

    /** A kill in the middle of an append leaves a line without its end: cut it, or the next append joins it. */
    private void cutTornTail() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            LOG.warn("spool={} file={} torn last line of {} bytes skipped (the gateway stopped mid-write)", name, file,
                    size - end);
            channel.truncate(end);
            channel.force(true);
        }
    }

    private long countLines(long from) throws IOException {
        long count = 0;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = from;
        while (true) {
            buf.clear();
            int n = channel.read(buf, pos);
            if (n <= 0) {
                return count;
            }
            pos += n;
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    count++;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("spool={} close failed reason=\"{}\"", name, e.getMessage());
        }
    }
}
