package io.ramal.extensions;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where snapshots come from while the store is down, and the store health that says so. */
class SnapshotSourceTest {

    @TempDir
    Path dir;

    private final ExtensionManagerTest.MemoryStore store = new ExtensionManagerTest.MemoryStore();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SnapshotSource.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    SnapshotSourceTest() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(log);
    }

    private List<ILoggingEvent> lines() {
        synchronized (log) {
            return List.copyOf(log.list);
        }
    }

    private SnapshotSource source(String cacheContent) throws Exception {
        ExtensionCache cache = new ExtensionCache(dir.resolve("extensions-cache.json"), TestModes.REGISTRY);
        if (cacheContent != null) {
            Files.writeString(cache.file(), cacheContent);
        }
        return new SnapshotSource(store, cache, Duration.ofSeconds(5));
    }

    @Test
    void corruptCacheIsReportedOnceSetAsideAndHealthSaysNothingServes() throws Exception {
        store.down = true;
        SnapshotSource source = source("{\"extensions\":\"x\"}");
        Instant before = Instant.now();
        assertNull(source.loadOrCache());

        List<ILoggingEvent> warns = lines().stream()
                .filter(e -> e.getFormattedMessage().contains("is corrupt")).toList();
        assertEquals(1, warns.size(), lines().toString());
        String warn = warns.get(0).getFormattedMessage();
        assertEquals("WARN", warns.get(0).getLevel().toString());
        assertTrue(warn.contains("cache file=" + dir.resolve("extensions-cache.json")), warn);
        assertTrue(warn.contains("cause=\"expected extensions to be a list, found string \\\"x\\\"\""), warn);
        assertTrue(warn.contains("set aside as " + dir.resolve("extensions-cache.json.corrupt")), warn);
        assertFalse(Files.exists(dir.resolve("extensions-cache.json")));
        assertTrue(Files.exists(dir.resolve("extensions-cache.json.corrupt")));

        StoreHealth h = source.health();
        assertFalse(h.up());
        assertEquals(StoreHealth.ServingFrom.NONE, h.servingFrom());
        assertTrue(h.servingNothing());
        assertEquals("connection refused", h.lastError());
        assertNotNull(h.downSince());
        assertFalse(h.downSince().isBefore(before));

        // The store comes back: it serves, and its set is cached afresh.
        store.down = false;
        store.extensions = List.of(new Extension("7001", "127.0.0.1", 40001, Mode.ECHO, java.util.Map.of(), null,
                true, ""));
        assertEquals(1, source.load().extensions().size());
        h = source.health();
        assertTrue(h.up());
        assertNull(h.downSince());
        assertNull(h.lastError());
        assertEquals(StoreHealth.ServingFrom.STORE, h.servingFrom());
        assertTrue(Files.exists(dir.resolve("extensions-cache.json")));
    }

    @Test
    void goodCacheServesAndHealthSaysCacheUntilTheStoreIsBack() throws Exception {
        store.down = true;
        SnapshotSource source = source("{\"extensions\":[{\"ramal\":\"7001\",\"port\":40001,\"mode\":\"echo\"}]}");
        assertEquals(1, source.loadOrCache().extensions().size());
        StoreHealth h = source.health();
        assertFalse(h.up());
        assertEquals(StoreHealth.ServingFrom.CACHE, h.servingFrom());
        assertFalse(h.servingNothing());
        Instant since = h.downSince();

        assertNull(source.load(), "still down");
        assertEquals(since, source.health().downSince(), "down since the first failure, not the latest");
        store.down = false;
        source.load();
        assertEquals(StoreHealth.ServingFrom.STORE, source.health().servingFrom());

        // Down again after serving from the store: the running set is still the store's.
        store.down = true;
        assertNull(source.load());
        h = source.health();
        assertFalse(h.up());
        assertEquals(StoreHealth.ServingFrom.STORE, h.servingFrom());
        assertFalse(h.servingNothing());
    }

    @Test
    void unreadableCacheIsReportedWithItsCauseAndKept() throws Exception {
        store.down = true;
        Files.createDirectories(dir.resolve("extensions-cache.json"));
        ExtensionCache cache = new ExtensionCache(dir.resolve("extensions-cache.json"), TestModes.REGISTRY);
        // A directory is not a regular file: no cache, said as such.
        SnapshotSource source = new SnapshotSource(store, cache, Duration.ofSeconds(5));
        assertNull(source.loadOrCache());
        assertTrue(source.health().servingNothing());
        assertTrue(Files.isDirectory(dir.resolve("extensions-cache.json")), "only a corrupt file is moved");
    }
}
