package io.ramal.extensions.store;

import io.ramal.extensions.ExtensionCache;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.Mode;
import io.ramal.extensions.StoreConflictException;
import io.ramal.extensions.StoreException;
import io.ramal.extensions.testing.TestModes;
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

    private static final Duration SECOND = Duration.ofSeconds(1);

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
        ExtensionSnapshot s = new FileExtensionStore(f, SECOND, TestModes.REGISTRY).load();
        assertEquals(1, s.extensions().size());
        assertEquals("127.0.0.1", s.extensions().get(0).bind());
        assertEquals("9001", s.rejected().get(0).ramal());
    }

    @Test
    void unreadableFileIsAStoreErrorOnOneLine() throws Exception {
        Path f = file("extensions:\n  - ramal: x\n    description: a: b\n");
        StoreException e = assertThrows(StoreException.class, () -> new FileExtensionStore(f, SECOND, TestModes.REGISTRY).load());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertThrows(StoreException.class, () -> new FileExtensionStore(dir.resolve("none.yaml"), SECOND, TestModes.REGISTRY)
                .load());
        assertThrows(StoreException.class, () -> new FileExtensionStore(file("- a\n"), SECOND, TestModes.REGISTRY).load());
    }

    @Test
    void editsRewriteTheFileKeepingItsHeaderAndTheWatcherSeesThem() throws Exception {
        Path f = file("# demo header\nextensions:\n  - ramal: '9000'\n    port: 40000\n    mode: echo\n");
        try (FileExtensionStore store = new FileExtensionStore(f, Duration.ofMillis(50), TestModes.REGISTRY)) {
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

    /** The demo file's text: comments, blank lines between entries, quoted strings. */
    private static String demoFile() throws Exception {
        return Files.readString(Path.of("..", "config", "extensions.yaml"));
    }

    @Test
    void everyEditChangesOnlyTheEntrysLinesAndUndoingThemGivesTheFileBackByteForByte() throws Exception {
        String before = demoFile();
        Path f = file(before);
        FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
        String longText = "A line for the people who answer the phone on Saturdays, when the shop is closed but the"
                + " warehouse works: ask for Joana";
        store.add(new Extension("9400", "127.0.0.1", 40400, Mode.ECHO, Map.of(), null, true, longText));
        String added = before + "\n"
                + "  - ramal: \"9400\"\n"
                + "    bind: 127.0.0.1\n"
                + "    port: 40400\n"
                + "    mode: echo\n"
                + "    enabled: true\n"
                + "    description: \"" + longText + "\"\n";
        assertEquals(added, Files.readString(f), "appended after the last entry, a blank line apart, not folded");

        store.update(new Extension("9400", "127.0.0.1", 40401, Mode.ECHO, Map.of(), null, true, "moved"));
        assertEquals(added.replace("port: 40400", "port: 40401").replace("\"" + longText + "\"", "moved"),
                Files.readString(f), "only its own lines");
        assertTrue(store.remove("9400"));
        assertEquals(before, Files.readString(f), "removed with the blank line that set it apart");

        assertTrue(store.setEnabled("9000", false));
        String disabled = Files.readString(f);
        assertEquals(before.replace("    description: \"Echo test line: hear yourself back, paced at 20 ms\"\n",
                "    description: \"Echo test line: hear yourself back, paced at 20 ms\"\n    enabled: false\n"), disabled,
                "one line added to the entry");
        assertFalse(store.load().extensions().stream().filter(e -> e.ramal().equals("9000")).findFirst()
                .orElseThrow().enabled());
        assertTrue(store.setEnabled("9000", true));
        assertEquals(before, Files.readString(f), "enabled again: the line goes, true is the default");
    }

    @Test
    void commentsBetweenAndAfterEntriesStayWhereTheyWere() throws Exception {
        String before = "extensions:\n"
                + "  # the test line\n"
                + "  - ramal: '9000'   # keep the quotes\n"
                + "    port: 40000\n"
                + "    mode: echo\n"
                + "  # parked:\n"
                + "  # - ramal: '9001'\n"
                + "\n"
                + "# trailing notes\n";
        Path f = file(before);
        FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
        store.add(new Extension("9002", "127.0.0.1", 40002, Mode.ECHO, Map.of(), null, false, ""));
        String added = Files.readString(f);
        assertEquals("extensions:\n"
                + "  # the test line\n"
                + "  - ramal: '9000'   # keep the quotes\n"
                + "    port: 40000\n"
                + "    mode: echo\n"
                + "  - ramal: \"9002\"\n"
                + "    bind: 127.0.0.1\n"
                + "    port: 40002\n"
                + "    mode: echo\n"
                + "    enabled: false\n"
                + "  # parked:\n"
                + "  # - ramal: '9001'\n"
                + "\n"
                + "# trailing notes\n", added);
        assertTrue(store.setEnabled("9002", true));
        assertTrue(store.setEnabled("9000", false));
        assertTrue(store.remove("9002"));
        assertTrue(store.setEnabled("9000", true));
        assertEquals(before, Files.readString(f));
    }

    @Test
    void anInlineListBecomesABlockListAndAnInlineEntryIsWrittenAnewAlone() throws Exception {
        Path f = file("# header\nextensions: []   # none yet\n");
        FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
        store.add(new Extension("9000", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true, ""));
        assertEquals("# header\nextensions: # none yet\n  - ramal: \"9000\"\n    bind: 127.0.0.1\n    port: 40000\n"
                + "    mode: echo\n    enabled: true\n", Files.readString(f));

        Path g = file("extensions:\n  - {ramal: '9000', port: 40000, mode: echo}  \n  - ramal: '9001'  # kept\n"
                + "    port: 40001\n    mode: echo\n");
        FileExtensionStore inline = new FileExtensionStore(g, SECOND, TestModes.REGISTRY);
        assertTrue(inline.setEnabled("9000", false));
        assertEquals("extensions:\n  - ramal: \"9000\"\n    port: 40000\n    mode: echo\n    enabled: false\n"
                + "  - ramal: '9001'  # kept\n    port: 40001\n    mode: echo\n", Files.readString(g));
    }

    @Test
    void anEmptyFileOrAKeyWithoutAListGetsOne() throws Exception {
        for (String body : new String[] {"", "# nothing yet\n", "extensions:\n", "extensions: ~\n"}) {
            Path f = file(body);
            FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
            store.add(new Extension("9000", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true, ""));
            String text = Files.readString(f);
            assertTrue(text.startsWith(body.replace(" ~", "")), "\"" + body + "\" kept: " + text);
            assertTrue(text.endsWith("extensions:\n  - ramal: \"9000\"\n    bind: 127.0.0.1\n    port: 40000\n"
                    + "    mode: echo\n    enabled: true\n"), text);
            assertEquals(1, store.load().extensions().size());
            assertTrue(store.remove("9000"));
            assertEquals(0, store.load().extensions().size());
        }
    }

    @Test
    void windowsLineEndingsStayWindowsLineEndings() throws Exception {
        Path f = file("# header\r\nextensions:\r\n  - ramal: '9000'\r\n    port: 40000\r\n    mode: echo\r\n");
        FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
        assertTrue(store.setEnabled("9000", false));
        assertEquals("# header\r\nextensions:\r\n  - ramal: '9000'\r\n    port: 40000\r\n    mode: echo\r\n"
                + "    enabled: false\r\n", Files.readString(f));
    }

    @Test
    void cacheRoundTrips() throws Exception {
        Path f = file("extensions:\n  - ramal: '9000'\n    bind: 0.0.0.0\n    port: 40000\n    mode: echo\n"
                + "    tuning:\n      receive-buffer: 2MiB\n");
        ExtensionSnapshot s = new FileExtensionStore(f, SECOND, TestModes.REGISTRY).load();
        ExtensionCache cache = new ExtensionCache(dir.resolve("var/cache.json"), TestModes.REGISTRY);
        assertEquals(null, cache.read());
        cache.write(s);
        assertEquals(s.extensions(), cache.read().extensions());
        assertTrue(cache.age().toSeconds() < 60);
    }

    @Test
    void addOrUpdateOnAnAddressAnotherEnabledEntryHoldsIsAConflict() throws Exception {
        Path f = file("extensions:\n  - ramal: '9000'\n    port: 40000\n    mode: echo\n");
        FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
        Extension clash = new Extension("9001", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true, "");
        StoreConflictException e = assertThrows(StoreConflictException.class, () -> store.add(clash));
        assertEquals("address 127.0.0.1:40000 is already used by ramal 9000 in " + f, e.getMessage());
        store.add(new Extension("9001", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, false, "standby"));
        assertThrows(StoreConflictException.class, () -> store.update(clash));
        assertEquals(0, store.load().rejected().size(), "nothing written that the load would refuse");
    }

    @Test
    void refusedEntryCanBeReadRawParkedAndRepaired() throws Exception {
        Path f = file("extensions:\n  - ramal: '9000'\n    port: 40000\n    mode: ai\n    description: bot\n");
        FileExtensionStore store = new FileExtensionStore(f, SECOND, TestModes.REGISTRY);
        assertTrue(store.get("9000").isEmpty(), "refused, so not a valid extension");
        assertEquals("ai", store.entry("9000").orElseThrow().get("mode"));
        assertTrue(store.setEnabled("9000", false));
        assertFalse(store.load().rejected().get(0).enabled());
        assertEquals("bot", store.entry("9000").orElseThrow().get("description"), "the rest is untouched");
        assertFalse(store.setEnabled("nope", false));
        store.update(new Extension("9000", "127.0.0.1", 40000, Mode.AI, Map.of("url", "ws://127.0.0.1:8080/bot"), null,
                true, "bot"));
        assertEquals(1, store.load().extensions().size());
        assertEquals(0, store.load().rejected().size());
    }
}
