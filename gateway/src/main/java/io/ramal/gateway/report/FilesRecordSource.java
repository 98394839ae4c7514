package io.ramal.gateway.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.records.QueueEventRecord;
import io.ramal.gateway.records.RecordFiles;
import io.ramal.gateway.records.Records;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the daily JSON-lines files the gateway writes without a database ({@code records.files-dir}).
 * A file is named by the record's day in the zone of the gateway that wrote it, so a window is read
 * from the files one day either side of its UTC dates (no zone is more than 14 hours off) and each
 * record is then kept by its own instant. The files may hold a record twice (a batch written again
 * after a failed write): each is kept once by its key, as the database's primary key does. A line
 * that is not a record (a file cut short by a crash) is skipped and named in {@link #warnings()}.
 */
public final class FilesRecordSource implements RecordSource {

    private final Path dir;
    private final ObjectMapper json = Records.json();
    /** Each said once: a missing directory is met by every query. */
    private final Set<String> warnings = Collections.synchronizedSet(new LinkedHashSet<>());

    public FilesRecordSource(Path dir) {
        this.dir = dir;
    }

    @Override
    public void calls(Calls q, Consumer<CallRecord> each) throws ReportException {
        List<CallRecord> found = read(Records.CALL_RECORDS, CallRecord.class, q.from(), q.to(), null,
                r -> !r.startedAt().isBefore(q.from()) && r.startedAt().isBefore(q.to())
                        && (q.extension() == null || q.extension().equals(r.extension()))
                        && (q.after() == null || q.after().before(r)),
                CallRecord::callId, RecordOrder.CALLS);
        found.stream().limit(q.limit()).forEach(each);
    }

    @Override
    public void events(Events q, Consumer<QueueEventRecord> each) throws ReportException {
        read(Records.QUEUE_EVENTS, QueueEventRecord.class, q.from(), q.to(),
                q.callId() == null ? null : q.callId().toString(),
                e -> (q.from() == null || !e.at().isBefore(q.from())) && (q.to() == null || e.at().isBefore(q.to()))
                        && (q.queue() == null || q.queue().equals(e.queue()))
                        && (q.callId() == null || q.callId().equals(e.callId()))
                        && (q.names() == null || q.names().contains(e.event())),
                QueueEventRecord::eventId, RecordOrder.EVENTS).forEach(each);
    }

    @Override
    public Optional<CallRecord> call(UUID id) throws ReportException {
        return read(Records.CALL_RECORDS, CallRecord.class, null, null, id.toString(), r -> r.callId().equals(id),
                CallRecord::callId, RecordOrder.CALLS).stream().findFirst();
    }

    /**
     * The records of the files that may hold {@code [from, to)} (every file of {@code name} when a
     * bound is null) that {@code keep} accepts, once each by {@code key}, sorted by {@code order}.
     * Lines without {@code mustContain} (when not null) are not parsed: looking one id up in a
     * year of files reads them but decodes next to nothing.
     */
    private <T> List<T> read(String name, Class<T> type, Instant from, Instant to, String mustContain,
                             Predicate<T> keep, Function<T, UUID> key, Comparator<T> order) throws ReportException {
        Map<UUID, T> kept = new LinkedHashMap<>();
        for (Path file : files(name, from, to)) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank() || (mustContain != null && !line.contains(mustContain))) {
                        continue;
                    }
                    T r;
                    try {
                        r = json.readValue(line, type);
                    } catch (JsonProcessingException | RuntimeException e) {
                        warnings.add(file + " line " + n + " is not a record, skipped: "
                                + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString()));
                        continue;
                    }
                    if (keep.test(r)) {
                        kept.putIfAbsent(key.apply(r), r);
                    }
                }
            } catch (NoSuchFileException e) {
                // a day without records
            } catch (IOException e) {
                throw new ReportException("records file " + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        List<T> out = new ArrayList<>(kept.values());
        out.sort(order);
        return out;
    }

    /** The files of {@code name} that may hold records of {@code [from, to)}; all of them when a bound is null. */
    private List<Path> files(String name, Instant from, Instant to) throws ReportException {
        if (!Files.isDirectory(dir)) {
            warnings.add("records directory " + dir + " does not exist (records.files-dir): nothing written there yet");
            return List.of();
        }
        LocalDate first = from == null ? LocalDate.MIN : LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
        LocalDate last = to == null ? LocalDate.MAX : LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
        if (from != null && to != null) {
            List<Path> out = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                out.add(RecordFiles.file(dir, name, d));
            }
            return out;
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> RecordFiles.date(p, name).filter(d -> !d.isBefore(first) && !d.isAfter(last))
                    .isPresent()).sorted().toList();
        } catch (IOException e) {
            throw new ReportException("records directory " + dir + " cannot be listed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    @Override
    public String describe() {
        return "files dir=" + dir;
    }

    @Override
    public void close() {
        // nothing held open between reads
    }
}
