package io.ramal.extensions;

import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the cache file: a file that is not a cache says why; a bad entry is refused alone. */
class ExtensionCacheTest {

    @TempDir
    Path dir;

    private ExtensionCache cache() {
        return new ExtensionCache(dir.resolve("extensions-cache.json"), TestModes.REGISTRY);
    }

    private String corruptCause(String content) throws IOException {
        ExtensionCache cache = cache();
        Files.writeString(cache.file(), content);
        return assertThrows(ExtensionCache.CorruptException.class, cache::read).getMessage();
    }

    @Test
    void writtenSetReadsBack() throws IOException {
        ExtensionCache cache = cache();
        Extension e = new Extension("7001", "127.0.0.1", 40001, Mode.ECHO, Map.of(), null, true, "x");
        cache.write(new ExtensionSnapshot(List.of(e), List.of()));
        ExtensionSnapshot read = cache.read();
        assertEquals(List.of("7001"), read.extensions().stream().map(Extension::ramal).toList());
        assertTrue(read.rejected().isEmpty());
    }

    @Test
    void nodesReadBackAndABadNodesEntryIsRefusedAlone() throws IOException {
        ExtensionCache cache = cache();
        Extension limited = new Extension("7001", "127.0.0.1", 40001, Mode.ECHO, Map.of(), null, true, "x")
                .withNodes(List.of("gw-b", "gw-a"));
        Extension everywhere = new Extension("7002", "127.0.0.1", 40002, Mode.ECHO, Map.of(), null, true, "y");
        cache.write(new ExtensionSnapshot(List.of(limited, everywhere), List.of()));
        assertTrue(Files.readString(cache.file()).contains("\"nodes\" : [ \"gw-b\", \"gw-a\" ]"),
                Files.readString(cache.file()));
        assertEquals(List.of(limited, everywhere), cache.read().extensions());

        Files.writeString(cache.file(), "{\"extensions\":[{\"ramal\":\"1\",\"port\":40001,\"mode\":\"echo\","
                + "\"nodes\":[\"gw a\"]},{\"ramal\":\"2\",\"port\":40002,\"mode\":\"echo\",\"nodes\":[\"gw-a\"]}]}");
        ExtensionSnapshot read = cache.read();
        assertEquals(List.of("2"), read.extensions().stream().map(Extension::ramal).toList());
        assertEquals("1", read.rejected().get(0).ramal());
        assertTrue(read.rejected().get(0).reason().startsWith("nodes entry 'gw a' is invalid"),
                read.rejected().get(0).reason());
    }

    @Test
    void noFileIsNoCache() throws IOException {
        assertNull(cache().read());
    }

    @Test
    void truncatedJsonSaysWhereItEnds() throws IOException {
        String cause = corruptCause("{\"savedAt\":\"2026-01-01T00:00:00Z\",\"extensions\":[{\"ramal\":\"70");
        assertTrue(cause.startsWith("not valid JSON: "), cause);
        assertTrue(cause.contains("end-of-input") && cause.contains("line 1"), cause);
    }

    @Test
    void emptyAndBlankFilesAreCorrupt() throws IOException {
        assertEquals("the file is empty", corruptCause(""));
        assertEquals("the file is empty", corruptCause("  \n"));
    }

    @Test
    void wrongTypesNameWhatWasFound() throws IOException {
        assertEquals("expected extensions to be a list, found string \"x\"", corruptCause("{\"extensions\":\"x\"}"));
        assertEquals("expected extensions to be a list, found no extensions key", corruptCause("{}"));
        assertEquals("expected an object, found array [1]", corruptCause("[1]"));
        assertEquals("expected an object, found null", corruptCause("null"));
        assertEquals("expected extensions[0] to be an object, found number 1", corruptCause("{\"extensions\":[1,\"a\"]}"));
        assertEquals("expected extensions[1] to be an object, found string \"a\"",
                corruptCause("{\"extensions\":[{\"ramal\":\"1\",\"port\":40001,\"mode\":\"echo\"},\"a\"]}"));
    }

    @Test
    void longValuesAreShortenedInTheCause() throws IOException {
        String cause = corruptCause("{\"extensions\":\"" + "y".repeat(5000) + "\"}");
        assertTrue(cause.length() < 120, cause);
        assertTrue(cause.endsWith("..."), cause);
    }

    @Test
    void entryWithWrongFieldTypesIsRefusedAloneLikeARow() throws IOException {
        ExtensionCache cache = cache();
        Files.writeString(cache.file(), "{\"extensions\":["
                + "{\"ramal\":\"7001\",\"port\":40001,\"mode\":\"echo\"},"
                + "{\"ramal\":\"7002\",\"port\":\"many\",\"mode\":\"echo\"},"
                + "{\"ramal\":\"7003\",\"port\":40003,\"mode\":\"echo\",\"settings\":\"x\"}]}");
        ExtensionSnapshot read = cache.read();
        assertEquals(List.of("7001"), read.extensions().stream().map(Extension::ramal).toList());
        assertEquals(List.of("7002", "7003"), read.rejected().stream().map(RejectedExtension::ramal).toList());
        assertTrue(read.rejected().get(0).reason().contains("port"), read.rejected().get(0).reason());
    }

    @Test
    void setAsideMovesTheFileBesideItReplacingAnOlderOne() throws IOException {
        ExtensionCache cache = cache();
        Files.writeString(dir.resolve("extensions-cache.json.corrupt"), "older");
        Files.writeString(cache.file(), "{\"extensions\":");
        Path aside = cache.setAside();
        assertEquals(dir.resolve("extensions-cache.json.corrupt"), aside);
        assertFalse(Files.exists(cache.file()));
        assertEquals("{\"extensions\":", Files.readString(aside));
        assertNull(cache.read(), "no cache now: the next load writes a fresh one");
    }
}
