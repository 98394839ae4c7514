package io.ramal.extensions.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
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
 * its content (robust on every filesystem, unlike inotify on network mounts); admin edits
 * rewrite it atomically, through a temporary file and a rename, so the gateway never reads half
 * a file.
 */
public final class FileExtensionStore implements ExtensionStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileExtensionStore.class);

    /** Entries that name no bind address listen on loopback: the demo must not face the network. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    private final Path file;
    private final Duration watchInterval;
    private final ModeSettingsRegistry modes;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
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
        List<Map<String, Object>> entries = readEntries();
        if (indexOf(entries, extension.ramal()) >= 0) {
            throw new StoreConflictException("ramal " + extension.ramal() + " already exists in " + file);
        }
        checkAddressFree(entries, extension);
        entries.add(ExtensionParser.toEntry(extension));
        write(entries);
    }

    @Override
    public synchronized void update(Extension extension) throws StoreException {
        List<Map<String, Object>> entries = readEntries();
        int i = indexOf(entries, extension.ramal());
        if (i < 0) {
            throw new StoreConflictException("ramal " + extension.ramal() + " does not exist in " + file);
        }
        checkAddressFree(entries, extension);
        entries.set(i, ExtensionParser.toEntry(extension));
        write(entries);
    }

    /** Toggles the entry as written, refused or not, leaving the rest of it untouched. */
    @Override
    public synchronized boolean setEnabled(String ramal, boolean enabled) throws StoreException {
        List<Map<String, Object>> entries = readEntries();
        int i = indexOf(entries, ramal);
        if (i < 0) {
            return false;
        }
        Map<String, Object> e = entries.get(i);
        if (enabled) {
            e.remove("enabled"); // the default
        } else {
            e.put("enabled", false);
        }
        write(entries);
        return true;
    }

    @Override
    public synchronized boolean remove(String ramal) throws StoreException {
        List<Map<String, Object>> entries = readEntries();
        boolean removed = entries.removeIf(e -> e != null && ramal.equals(String.valueOf(e.get("ramal"))));
        if (removed) {
            write(entries);
        }
        return removed;
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

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readEntries() throws StoreException {
        Object doc;
        try {
            doc = yaml.readValue(file.toFile(), Object.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new StoreException("extensions file " + file + " does not exist");
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

    private void write(List<Map<String, Object>> entries) throws StoreException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            StringBuilder sb = new StringBuilder();
            if (Files.exists(file)) {
                // Keep the file's leading comment block: it is documentation for the next reader.
                for (String line : Files.readAllLines(file)) {
                    if (!line.startsWith("#")) {
                        break;
                    }
                    sb.append(line).append('\n');
                }
            }
            sb.append(yaml.writeValueAsString(Map.of("extensions", entries)));
            Files.writeString(tmp, sb);
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
