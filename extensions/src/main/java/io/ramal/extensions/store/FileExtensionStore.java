package io.ramal.extensions.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreConflictException;
import io.ramal.extensions.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default store: a YAML file with an {@code extensions:} list. Watched by polling
 * its content (robust on every filesystem, unlike inotify on network mounts); admin edits change
 * only the edited entry's lines ({@link ExtensionsFileText}), so comments and layout stay, and
 * replace the file atomically, through a temporary file and a rename, so the gateway never reads
 * half a file.
 */
public final class FileExtensionStore implements ExtensionStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileExtensionStore.class);

    /** Entries that name no bind address listen on loopback: the demo must not face the network. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    private final Path file;
    private final Duration watchInterval;
    private final ModeSettingsRegistry modes;
    private final ObjectMapper yaml = ExtensionsFileText.YAML;
    private ScheduledExecutorService watcher;
    private byte[] lastSeen;
    private final String defaultBind;

    /**
     * @param file          the YAML file of extensions
     * @param watchInterval how often the file is checked for changes
     * @param modes         the parser of each mode's settings, run on every entry read
     */
    public FileExtensionStore(Path file, Duration watchInterval, ModeSettingsRegistry modes) {
        this(file, watchInterval, modes, DEFAULT_BIND);
    }

    /** @param defaultBind the address of entries that name none ({@code gateway.default-bind}) */
    public FileExtensionStore(Path file, Duration watchInterval, ModeSettingsRegistry modes, String defaultBind) {
        this.file = file;
        this.watchInterval = watchInterval;
        this.modes = modes;
        this.defaultBind = defaultBind;
    }

    @Override
    public synchronized ExtensionSnapshot load() throws StoreException {
        return ExtensionParser.parseAll(readEntries(), defaultBind, modes);
    }

    @Override
    public synchronized void watch(Runnable onChange) {
        if (watcher != null) {
            throw new IllegalStateException("already watching " + file);
        }
        lastSeen = readBytesQuietly();
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-extensions-watch");
            t.setDaemon(true);
            return t;
        });
        long ms = watchInterval.toMillis();
        watcher.scheduleWithFixedDelay(() -> {
            try {
                byte[] now = readBytesQuietly();
                if (!Arrays.equals(now, lastSeen)) {
                    lastSeen = now;
                    LOG.info("extensions file changed file={}", file);
                    onChange.run();
                }
            } catch (Throwable t) {
                LOG.error("extensions file watch failed file={}; watching on", file, t);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized Optional<Map<String, Object>> entry(String ramal) throws StoreException {
        return readEntries().stream().filter(e -> e != null && ramal.equals(String.valueOf(e.get("ramal"))))
                .findFirst();
    }

    @Override
    public synchronized void add(Extension extension) throws StoreException {
        String text = readText();
        List<Map<String, Object>> entries = entries(text);
        if (indexOf(entries, extension.ramal()) >= 0) {
            throw new StoreConflictException("ramal " + extension.ramal() + " already exists in " + file);
        }
        checkAddressFree(entries, extension);
        Map<String, Object> entry = ExtensionParser.toEntry(extension);
        List<Map<String, Object>> after = new ArrayList<>(entries);
        after.add(normalized(entry));
        write(text, after, t -> t.append(entry, after));
    }

    @Override
    public synchronized void update(Extension extension) throws StoreException {
        String text = readText();
        List<Map<String, Object>> entries = entries(text);
        int i = indexOf(entries, extension.ramal());
        if (i < 0) {
            throw new StoreConflictException("ramal " + extension.ramal() + " does not exist in " + file);
        }
        checkAddressFree(entries, extension);
        Map<String, Object> entry = ExtensionParser.toEntry(extension);
        List<Map<String, Object>> after = new ArrayList<>(entries);
        after.set(i, normalized(entry));
        write(text, after, t -> t.replace(i, entry, after));
    }

    /** Toggles the entry as written, refused or not, leaving the rest of it untouched. */
    @Override
    public synchronized boolean setEnabled(String ramal, boolean enabled) throws StoreException {
        String text = readText();
        List<Map<String, Object>> entries = entries(text);
        int i = indexOf(entries, ramal);
        if (i < 0) {
            return false;
        }
        Map<String, Object> e = new LinkedHashMap<>(entries.get(i));
        if (enabled) {
            e.remove("enabled"); // the default
        } else {
            e.put("enabled", false);
        }
        List<Map<String, Object>> after = new ArrayList<>(entries);
        after.set(i, e);
        write(text, after, t -> t.setEnabled(i, enabled, e, after));
        return true;
    }

    @Override
    public synchronized boolean remove(String ramal) throws StoreException {
        String text = readText();
        List<Map<String, Object>> entries = entries(text);
        int i = indexOf(entries, ramal);
        if (i < 0) {
            return false;
        }
        List<Map<String, Object>> after = new ArrayList<>(entries);
        after.remove(i);
        write(text, after, t -> t.remove(i, after));
        return true;
    }

    private static int indexOf(List<Map<String, Object>> entries, String ramal) {
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            if (e != null && ramal.equals(String.valueOf(e.get("ramal")))) {
                return i;
            }
        }
        return -1;
    }

    /** An enabled entry may not take the address of another enabled one (the load would refuse it). */
    private void checkAddressFree(List<Map<String, Object>> entries, Extension extension) throws StoreException {
        if (!extension.enabled()) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (ExtensionParser.parse(entries.get(i), defaultBind, i + 1, modes) instanceof Extension other
                    && !other.ramal().equals(extension.ramal()) && other.enabled()
                    && other.address().equals(extension.address())) {
                throw new StoreConflictException("address " + extension.address() + " is already used by ramal "
                        + other.ramal() + " in " + file);
            }
        }
    }

    @Override
    public String defaultBind() {
        return defaultBind;
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private List<Map<String, Object>> readEntries() throws StoreException {
        return entries(readText());
    }

    private String readText() throws StoreException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new StoreException("extensions file " + file + " does not exist");
        } catch (IOException e) {
            throw new StoreException("extensions file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The entries of {@code text}, a non-map entry as null (the parser refuses it by its position). */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> entries(String text) throws StoreException {
        Object doc;
        try {
            JsonNode tree = yaml.readTree(text); // missing, not an error, for a file of comments alone
            doc = tree.isMissingNode() ? null : yaml.treeToValue(tree, Object.class);
        } catch (IOException e) {
            // YAML errors span lines; ops grep one line per event.
            throw new StoreException("extensions file " + file + " cannot be read: "
                    + e.getMessage().replaceAll("\\s*\\n\\s*", " "), e);
        }
        if (doc == null) {
            return new ArrayList<>();
        }
        if (!(doc instanceof Map<?, ?> root) || !(root.get("extensions") == null || root.get("extensions") instanceof List)) {
            throw new StoreException("extensions file " + file + " must hold an 'extensions:' list");
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        Object list = root.get("extensions");
        if (list != null) {
            for (Object o : (List<Object>) list) {
                entries.add(o instanceof Map ? new LinkedHashMap<>((Map<String, Object>) o) : null);
            }
        }
        return entries;
    }

    /** {@code entry} as it reads back once written: what the file will hold. */
    private Map<String, Object> normalized(Map<String, Object> entry) throws StoreException {
        try {
            return entries(yaml.writeValueAsString(Map.of("extensions", List.of(entry)))).get(0);
        } catch (IOException e) {
            throw new StoreException("ramal " + entry.get("ramal") + " cannot be written as YAML: " + e.getMessage(), e);
        }
    }

    /** One edit of the file's text (see {@link ExtensionsFileText}). */
    private interface TextEdit {
        String apply(ExtensionsFileText text) throws IOException;
    }

    /**
     * Writes the edited text, once it reads back as {@code after}; a file whose layout the edit
     * did not understand is written whole instead (its leading comments kept), and says so.
     */
    private void write(String text, List<Map<String, Object>> after, TextEdit edit) throws StoreException {
        String next;
        try {
            next = edit.apply(ExtensionsFileText.of(text));
            if (!entries(next).equals(after)) {
                next = null;
            }
        } catch (IOException | StoreException | RuntimeException e) {
            next = null;
        }
        try {
            if (next == null) {
                LOG.warn("extensions file rewritten whole, its layout was not understood file={}", file);
                StringBuilder sb = new StringBuilder();
                for (String line : text.split("\n", -1)) {
                    if (!line.startsWith("#")) {
                        break;
                    }
                    sb.append(line).append('\n');
                }
                next = sb + yaml.writeValueAsString(Map.of("extensions", after));
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, next);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StoreException("extensions file " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    private byte[] readBytesQuietly() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
