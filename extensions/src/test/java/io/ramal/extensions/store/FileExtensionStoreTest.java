package io.ramal.extensions.store;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.Mode;
import io.ramal.extensions.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileExtensionStoreTest {

    @TempDir
    Path dir;

    private Path file(String body) throws Exception {
        Path f = dir.resolve("extensions.yaml");
        Files.writeString(f, body);
        return f;
    }

    @Test
    void readsValidAndRefusedEntries() throws Exception {
        Path f = file("extensions:\n  - ramal: '9000'\n    port: 40000\n    mode: echo\n"
                + "  - ramal: '9001'\n    port: 40001\n    mode: fax\n");
        ExtensionSnapshot s = new FileExtensionStore(f, Duration.ofSeconds(1)).load();
        assertEquals(1, s.extensions().size());
        assertEquals("127.0.0.1", s.extensions().get(0).bind());
        assertEquals("9001", s.rejected().get(0).ramal());
    }

    @Test
    void unreadableFileIsAStoreErrorOnOneLine() throws Exception {
        Path f = file("extensions:\n  - ramal: x\n    description: a: b\n");
        StoreException e = assertThrows(StoreException.class, () -> new FileExtensionStore(f, Duration.ofSeconds(1)).load());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertThrows(StoreException.class, () -> new FileExtensionStore(dir.resolve("none.yaml"), Duration.ofSeconds(1)).load());
        assertThrows(StoreException.class, () -> new FileExtensionStore(file("- a\n"), Duration.ofSeconds(1)).load());
    }

    @Test
    void editsRewriteTheFileKeepingItsHeaderAndTheWatcherSeesThem() throws Exception {
        Path f = file("# demo header\nextensions:\n  - ramal: '9000'\n    port: 40000\n    mode: echo\n");
        try (FileExtensionStore store = new FileExtensionStore(f, Duration.ofMillis(50))) {
            CountDownLatch changed = new CountDownLatch(1);
            store.watch(changed::countDown);
            Extension q = new Extension("9100", "127.0.0.1", 40100, Mode.QUEUE, Map.of("queue", "suporte"), null, true, "q");
            store.add(q);
            assertTrue(changed.await(5, TimeUnit.SECONDS), "the watcher noticed the edit");
            assertTrue(Files.readString(f).startsWith("# demo header\n"));
            assertEquals(q, store.get("9100").orElseThrow());
            assertThrows(StoreException.class, () -> store.add(q));
            Extension off = new Extension("9100", "127.0.0.1", 40100, Mode.QUEUE, Map.of("queue", "suporte"), null, false, "q");
            store.update(off);
            assertFalse(store.get("9100").orElseThrow().enabled());
            assertTrue(store.remove("9100"));
            assertFalse(store.remove("9100"));
            assertEquals(1, store.load().extensions().size());
            assertFalse(Files.exists(dir.resolve("extensions.yaml.tmp")));
        }
    }

    @Test
    void cacheRoundTrips() throws Exception {
        Path f = file("extensions:\n  - ramal: '9000'\n    bind: 0.0.0.0\n    port: 40000\n    mode: echo\n"
                + "    tuning:\n      receive-buffer: 2MiB\n");
        ExtensionSnapshot s = new FileExtensionStore(f, Duration.ofSeconds(1)).load();
        ExtensionCache cache = new ExtensionCache(dir.resolve("var/cache.json"));
        assertEquals(null, cache.read());
        cache.write(s);
        assertEquals(s.extensions(), cache.read().extensions());
        assertTrue(cache.age().toSeconds() < 60);
    }
}
