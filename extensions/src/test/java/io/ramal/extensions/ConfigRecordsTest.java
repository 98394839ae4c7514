package io.ramal.extensions;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The db: and extensions: sections: defaults, refusals that name the key, secrets kept out. */
class ConfigRecordsTest {

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void dbDefaultsMeanNoDatabase() {
        DbConfig d = DbConfig.DEFAULTS;
        assertFalse(d.enabled());
        assertEquals(4, d.poolSize());
        assertEquals(Duration.ofSeconds(5), d.connectTimeout());
        assertEquals("public", d.schema());
        assertEquals("postgres", d.user());
    }

    @Test
    void dbSectionReadsUnitsAndRefusesWhatIsWrongByName() {
        DbConfig d = DbConfig.from(Map.of("url", "jdbc:postgresql://db/ramal", "pool-size", 8,
                "connect-timeout", "750ms", "schema", "ramal"));
        assertEquals(8, d.poolSize());
        assertEquals(Duration.ofMillis(750), d.connectTimeout());
        assertTrue(refusal(() -> DbConfig.from(Map.of("pool", 8))).startsWith("unknown key [db.pool], known keys:"));
        assertTrue(refusal(() -> DbConfig.from(Map.of("pool-size", 0))).contains("db.pool-size=0 is out of range, allowed: 1..100"));
        assertTrue(refusal(() -> DbConfig.from(Map.of("connect-timeout", "5"))).contains("db.connect-timeout=5 is not a duration"));
        assertTrue(refusal(() -> DbConfig.from(Map.of("url", "mysql://x"))).contains("allowed: a jdbc:postgresql: URL"));
        assertTrue(refusal(() -> DbConfig.from(Map.of("schema", "Ramal"))).contains("db.schema=Ramal is invalid"));
        assertTrue(refusal(() -> DbConfig.from(Map.of("schema", "a;drop"))).contains("db.schema=a;drop is invalid"));
    }

    @Test
    void passwordNeverShowsInTextOrMaskedUrl() {
        DbConfig d = DbConfig.from(Map.of("url", "jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true",
                "password", "s3cret"));
        assertFalse(d.toString().contains("s3cret"), d.toString());
        assertEquals("jdbc:postgresql://h/db?user=u&password=****&ssl=true", d.maskedUrl());
        // The driver cannot read user:password@ and would log the password as a bad port: refused, masked.
        String userinfo = refusal(() -> DbConfig.from(Map.of("url", "jdbc:postgresql://u:s3cret@h/db")));
        assertTrue(userinfo.startsWith("db.url=jdbc:postgresql://u:****@h/db is invalid"), userinfo);
        String bad = refusal(() -> DbConfig.from(Map.of("url", "jdbc:mysql://h/db?password=s3cret")));
        assertFalse(bad.contains("s3cret"), bad);
    }

    @Test
    void extensionsDefaultsAreTheDocumentedOnes() {
        ExtensionsConfig c = ExtensionsConfig.DEFAULTS;
        assertEquals("config/extensions.yaml", c.file());
        assertEquals("var/extensions-cache.json", c.cacheFile());
        assertEquals(Duration.ofSeconds(30), c.sweepInterval());
        assertEquals(Duration.ofSeconds(60), c.drainTimeout());
        assertEquals(Duration.ofSeconds(1), c.retryMin());
        assertEquals(Duration.ofSeconds(60), c.retryMax());
        assertEquals(Duration.ofSeconds(1), c.watchInterval());
    }

    @Test
    void extensionsSectionRefusesWhatIsWrongByName() {
        assertEquals(Duration.ofMinutes(2), ExtensionsConfig.from(Map.of("drain-timeout", "2m")).drainTimeout());
        assertTrue(refusal(() -> ExtensionsConfig.from(Map.of("sweep", "1s"))).startsWith("unknown key [extensions.sweep]"));
        assertTrue(refusal(() -> ExtensionsConfig.from(Map.of("sweep-interval", "10ms")))
                .contains("extensions.sweep-interval=10ms is out of range, allowed: 100ms..1d"));
        assertTrue(refusal(() -> ExtensionsConfig.from(Map.of("retry-min", "10s", "retry-max", "5s")))
                .contains("extensions.retry-max=5s is invalid, allowed: at least extensions.retry-min (10s)"));
    }

    @Test
    void everyFormOfPasswordInAUrlIsMasked() {
        Map<String, String> forms = Map.ofEntries(
                Map.entry("jdbc:postgresql://user:PW@host/db", "jdbc:postgresql://user:****@host/db"),
                Map.entry("postgres://user:PW@host", "postgres://user:****@host"),
                Map.entry("postgresql://user:PW@host:5432/db?ssl=true", "postgresql://user:****@host:5432/db?ssl=true"),
                Map.entry("jdbc:postgresql://user:P@W/x@host/db", "jdbc:postgresql://user:****@host/db"),
                Map.entry("jdbc:postgresql://host/db?password=PW", "jdbc:postgresql://host/db?password=****"),
                Map.entry("jdbc:postgresql://host/db?user=u&password=PW&ssl=true", "jdbc:postgresql://host/db?user=u&password=****&ssl=true"),
                Map.entry("jdbc:postgresql://host/db?sslpassword=PW", "jdbc:postgresql://host/db?sslpassword=****"),
                Map.entry("jdbc:postgresql://admin@srv:PW@host/db", "jdbc:postgresql://admin@srv:****@host/db"),
                Map.entry("jdbc:postgresql://host/db;PASSWORD=PW", "jdbc:postgresql://host/db;PASSWORD=****"),
                Map.entry("No suitable driver found for postgres://u:PW@h/db (x)", "No suitable driver found for postgres://u:****@h/db (x)"));
        forms.forEach((url, masked) -> assertEquals(masked, DbConfig.maskUrl(url), url));
        for (String url : forms.keySet()) {
            String refusedOrNot;
            try {
                refusedOrNot = DbConfig.from(Map.of("url", url)).toString();
            } catch (IllegalArgumentException e) {
                refusedOrNot = e.getMessage();
            }
            assertFalse(refusedOrNot.contains("PW"), refusedOrNot);
        }
    }

    @Test
    void scrubHidesTheConfiguredPasswordAndEscapes() {
        DbConfig d = DbConfig.from(Map.of("url", "jdbc:postgresql://h/db?password=s3cret", "password", "hunter22"));
        String m = d.scrub("auth failed for hunter22 at jdbc:postgresql://h/db?password=s3cret\nforged");
        assertEquals("auth failed for **** at jdbc:postgresql://h/db?password=****\\nforged", m);
    }
}
