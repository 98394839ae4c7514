package io.ramal.extensions;

import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The cache file holds AI agents' tokens: only its owner may read it, from its first byte. */
class ExtensionCacheWriteTest {

    @TempDir
    Path dir;

    @Test
    void cacheFileIsWrittenWithMode600EvenOverAWorldReadableOne() throws Exception {
        Path file = dir.resolve("var/extensions-cache.json");
        ExtensionCache cache = new ExtensionCache(file, TestModes.REGISTRY);
        Extension e = new Extension("9000", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true, "eco");
        ExtensionSnapshot snap = new ExtensionSnapshot(List.of(e), List.of());
        cache.write(snap);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        cache.write(snap);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(file.resolveSibling("extensions-cache.json.tmp")));
        assertEquals(List.of(e), cache.read().extensions().stream().map(x -> x.withModeSettings(e.modeSettings())).toList());
    }
}
