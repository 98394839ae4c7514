package io.ramal.extensions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last set of extensions loaded from the database, kept in a local JSON file so that a
 * gateway started while the database is down still serves what it served before. Written after
 * every successful load, atomically (temporary file, then rename), readable by its owner only
 * (mode 600: AI agents' tokens are in the settings).
 */
public final class ExtensionCache {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final ModeSettingsRegistry modes;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param file  the cache file
     * @param modes the parser of each mode's settings: a cached entry is parsed again when read
     */
    public ExtensionCache(Path file, ModeSettingsRegistry modes) {
        this.file = file;
        this.modes = modes;
    }

    public Path file() {
        return file;
    }

    /** Saves the valid extensions of {@code snapshot}. */
    public void write(ExtensionSnapshot snapshot) throws IOException {
        List<Map<String, Object>> entries = snapshot.extensions().stream().map(ExtensionParser::toEntry).toList();
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        // The file holds AI agents' tokens: owner only (0600) from its first byte, then renamed.
        Files.deleteIfExists(tmp);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            json.writeValue(out, Map.of("savedAt", Instant.now().toString(), "extensions", entries));
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The cached set, or null when there is no cache file. */
    public ExtensionSnapshot read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, Object> doc = json.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) doc.getOrDefault("extensions", List.of());
        return ExtensionParser.parseAll(entries, "0.0.0.0", modes);
    }

    /** How old the cache is, or null without one. */
    public Duration age() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now());
    }

}
