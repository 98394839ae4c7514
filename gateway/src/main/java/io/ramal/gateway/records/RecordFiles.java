package io.ramal.gateway.records;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The names of the daily JSON-lines files written without a database,
 * {@code <dir>/<name>-<yyyy-mm-dd>.jsonl}: one place for the writer ({@link JsonLinesSink}) and
 * the reports that read the files back.
 */
public final class RecordFiles {

    private static final String SUFFIX = ".jsonl";

    private RecordFiles() {
    }

    /** The file of {@code name} ({@link Records#CALL_RECORDS} or {@link Records#QUEUE_EVENTS}) for {@code date}. */
    public static Path file(Path dir, String name, LocalDate date) {
        return dir.resolve(name + "-" + date + SUFFIX);
    }

    /** The date a file of {@code name} is for, or empty when {@code file} is not one of them. */
    public static Optional<LocalDate> date(Path file, String name) {
        String f = file.getFileName().toString();
        String prefix = name + "-";
        if (!f.startsWith(prefix) || !f.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(f.substring(prefix.length(), f.length() - SUFFIX.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
