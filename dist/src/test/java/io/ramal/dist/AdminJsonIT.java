package io.ramal.dist;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.testing.TestDb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ramal extensions list --json} prints one JSON document and nothing else on standard
 * output, whatever the store, from the packaged jar with the logging configuration it ships:
 * with the database, HikariCP and Flyway once wrote their INFO lines there first.
 */
class AdminJsonIT {

    /** Fails on anything after the document, such as a log line. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Under target/, not a temporary folder: the jar's logs there (it was handed the database
     * password) are among those .ci/no-secrets-in-logs reads after the run.
     */
    private Path home;

    @BeforeEach
    void home(TestInfo test) throws Exception {
        home = RamalJar.homeUnderTarget(getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
    }

    private static JsonNode parse(RamalJar.Run run) throws Exception {
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stdout().startsWith("["), "standard output starts with the document: " + run);
        return JSON.readTree(run.stdout());
    }

    @Test
    void listJsonWithTheDatabaseIsTheDocumentAlone() throws Exception {
        try (TestDb db = TestDb.create()) {
            RamalJar ramal = new RamalJar(home, Map.of("RAMAL_DB_URL", db.config.url(), "RAMAL_DB_USER",
                    db.config.user(), "RAMAL_DB_PASSWORD", db.config.password(), "RAMAL_DB_SCHEMA", db.config.schema()));
            // A fresh schema: the first use migrates it, when Flyway has the most to say.
            assertEquals(0, parse(ramal.run("extensions", "list", "--json")).size());
            RamalJar.Run add = ramal.run("extensions", "add", "--ramal", "7100", "--port", "47100", "--mode", "echo");
            assertEquals(0, add.exit(), add.toString());
            RamalJar.Run list = ramal.run("extensions", "list", "--json");
            JsonNode rows = parse(list);
            assertEquals(1, rows.size(), list.toString());
            assertEquals("7100", rows.get(0).get("ramal").asText());
            assertFalse(list.stderr().contains(" INFO "), "no INFO line on standard error either: " + list);
        }
    }

    @Test
    void listJsonWithTheFileIsTheDocumentAlone() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/extensions.yaml"),
                "extensions:\n  - {ramal: '9000', bind: 127.0.0.1, port: 40000, mode: echo}\n");
        RamalJar.Run list = new RamalJar(home, Map.of()).run("extensions", "list", "--json");
        JsonNode rows = parse(list);
        assertEquals(1, rows.size(), list.toString());
        assertEquals("9000", rows.get(0).get("ramal").asText());
    }
}
