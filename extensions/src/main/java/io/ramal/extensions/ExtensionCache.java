package io.ramal.extensions;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
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
    private final String defaultBind;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param file  the cache file
     * @param modes the parser of each mode's settings: a cached entry is parsed again when read
     */
    public ExtensionCache(Path file, ModeSettingsRegistry modes) {
        this(file, modes, "127.0.0.1");
    }

    /** @param defaultBind the address of cached entries that name none ({@code gateway.default-bind}) */
    public ExtensionCache(Path file, ModeSettingsRegistry modes, String defaultBind) {
        this.file = file;
        this.modes = modes;
        this.defaultBind = defaultBind;
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
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                json.writeValue(out, Map.of("savedAt", Instant.now().toString(), "extensions", entries));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp); // a write that failed half way leaves no stray copy of the tokens
        }
    }

    /**
     * The cached set, or null when there is no cache file. An entry that is an object but does
     * not parse is refused alone, as a store refuses a bad row.
     *
     * @throws CorruptException when the file is not a cache: empty, not JSON (truncated), not an
     *                          object, {@code extensions} missing or not a list, or an element of it
     *                          that is not an object
     * @throws IOException      when the file cannot be read
     */
    public ExtensionSnapshot read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode doc;
        try {
            doc = json.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new CorruptException("not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr()));
        }
        if (doc == null || doc.isMissingNode()) {
            throw new CorruptException("the file is empty");
        }
        if (!doc.isObject()) {
            throw new CorruptException("expected an object, found " + typeOf(doc));
        }
        JsonNode list = doc.get("extensions");
        if (list == null || !list.isArray()) {
            throw new CorruptException("expected extensions to be a list, found "
                    + (list == null ? "no extensions key" : typeOf(list)));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            if (!element.isObject()) {
                throw new CorruptException("expected extensions[" + i + "] to be an object, found "
                        + typeOf(element));
            }
            entries.add(json.convertValue(element, ENTRY));
        }
        return ExtensionParser.parseAll(entries, defaultBind, modes);
    }

    /**
     * Moves a corrupt cache file out of the way, to {@code <name>.corrupt} beside it (replacing an
     * older one), so that the next successful load writes a fresh cache and an operator can still
     * read what was there.
     *
     * @return where the file now is
     */
    public Path setAside() throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        // A cache written before mode 600 keeps its mode through the move: it still holds tokens.
        if (aside.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(aside, OWNER_ONLY);
        }
        return aside;
    }

    private static final TypeReference<Map<String, Object>> ENTRY = new TypeReference<>() { };

    /** The node's type and (the start of) its text, for a cause: {@code string "x"}, {@code number 1}. */
    private static String typeOf(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        String type = node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        String text = node.toString();
        return type + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    /** The cache file is not a cache (as opposed to a file that cannot be read at all). */
    public static final class CorruptException extends IOException {
        CorruptException(String reason) {
            super(reason);
        }
    }

    /** How old the cache is, or null without one. */
    public Duration age() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now());
    }

}
