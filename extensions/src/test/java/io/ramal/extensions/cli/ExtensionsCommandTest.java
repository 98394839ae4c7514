package io.ramal.extensions.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.FormatOnly;
import io.ramal.extensions.Mode;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreException;
import io.ramal.extensions.store.FileExtensionStore;
import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin commands against the file store: output, exit codes, and what the messages say. */
class ExtensionsCommandTest {

    @TempDir
    Path dir;

    private Path file;
    private LiveStates live = LiveStates.NONE;

    /** Exit code, standard output, standard error. */
    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ExtensionsCommand.commandLine(this::open, live, TestModes.REGISTRY);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private FileExtensionStore open() {
        return new FileExtensionStore(file, Duration.ofSeconds(1), TestModes.REGISTRY);
    }

    private Run expect(int code, String... args) {
        Run r = run(args);
        assertEquals(code, r.code(), String.join(" ", args) + " -> " + r.out() + r.err());
        return r;
    }

    private void write(String yaml) throws Exception {
        file = dir.resolve("extensions.yaml");
        Files.writeString(file, yaml);
    }

    @Test
    void listIsAnAlignedTableWithRefusedRowsAndTheirReasons() throws Exception {
        write("extensions:\n"
                + "  - {ramal: '9000', port: 40000, mode: echo, description: eco}\n"
                + "  - {ramal: '2001', port: 40001, mode: queue, settings: {queue: suporte}, enabled: false}\n"
                + "  - {ramal: '7', port: 40007, mode: fax}\n");
        live = () -> Map.of("9000", new LiveStates.State("BOUND", null));
        List<String> lines = expect(0, "list").out().lines().toList();
        assertEquals("RAMAL  ADDRESS          MODE   ENABLED  LISTENER  DESCRIPTION / REASON", lines.get(0));
        assertEquals("9000   127.0.0.1:40000  echo   yes      BOUND     eco", lines.get(1));
        assertEquals("2001   127.0.0.1:40001  queue  no       -", lines.get(2));
        assertEquals("7      -                -      yes      REFUSED   unknown mode 'fax', expected one of echo, ai, "
                + "queue, agent", lines.get(3));
        assertTrue(lines.get(4).startsWith("2 extension(s), 1 refused, from file "), lines.get(4));
    }

    @Test
    void aRefusedEditWhoseOldVersionServesIsListedAsServingOld() throws Exception {
        write("extensions:\n  - {ramal: '9000', port: 40000, mode: fax}\n");
        live = () -> Map.of("9000", new LiveStates.State("SERVING_OLD", "unknown mode 'fax'"));
        List<String> lines = expect(0, "list").out().lines().toList();
        assertTrue(lines.get(1).startsWith("9000") && lines.get(1).contains("SERVING_OLD")
                && lines.get(1).contains("unknown mode 'fax'"), lines.toString());
    }

    @Test
    void jsonIsForScripts() throws Exception {
        write("extensions:\n  - {ramal: '9000', port: 40000, mode: echo}\n  - {ramal: '7', port: 40007, mode: fax}\n");
        JsonNode list = new ObjectMapper().readTree(expect(0, "list", "--json").out());
        assertEquals(2, list.size());
        assertEquals("enabled", list.get(0).get("state").asText());
        assertEquals("refused", list.get(1).get("state").asText());
        JsonNode show = new ObjectMapper().readTree(expect(0, "show", "7", "--json").out());
        assertEquals("fax", show.get("mode").asText(), "a refused row shows its fields as stored");
        assertTrue(show.get("reason").asText().contains("unknown mode 'fax'"));
    }

    @Test
    void badInputExitsTwoAndSaysWhatIsWrong() throws Exception {
        write("extensions: []\n");
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "0", "--mode", "echo").err()
                .contains("port=0 is out of range, allowed: 1..65535"));
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "1", "--mode", "ai", "--set", "url=http://x").err()
                .contains("settings.url=http://x is invalid for mode ai, allowed: a ws:// or wss:// URL"));
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "1", "--mode", "echo", "--tuning", "backlog=lots").err()
                .contains("tuning.backlog=lots is not a whole number"));
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "1", "--mode", "echo", "--set", "novalue").err()
                .contains("--set novalue is invalid, expected KEY=VALUE"));
        expect(0, "add", "--ramal", "1", "--port", "40001", "--mode", "echo");
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "40002", "--mode", "echo").err().contains("ramal 1 already exists"));
        assertTrue(expect(2, "add", "--ramal", "2", "--port", "40001", "--mode", "echo").err()
                .contains("address 127.0.0.1:40001 is already used by ramal 1"));
        assertTrue(expect(2, "show", "nope").err().contains("ramal nope does not exist"));
        assertTrue(expect(2, "disable", "nope").err().contains("ramal nope does not exist"));
        assertEquals(2, run("add", "--port", "1").code(), "picocli's own usage errors are 2 as well");
    }

    @Test
    void allowAndMaxCallsAreSetCheckedAndClearedFromTheCommandLine() throws Exception {
        write("extensions: []\n");
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "40001", "--mode", "echo", "--allow", "10.0.0.0/8,lan")
                .err().contains("allow entry 'lan' is invalid"));
        expect(0, "add", "--ramal", "1", "--port", "40001", "--mode", "echo", "--allow", "192.0.2.10,10.0.0.0/8",
                "--max-calls", "30");
        JsonNode show = new ObjectMapper().readTree(expect(0, "show", "1", "--json").out());
        assertEquals("10.0.0.0/8", show.get("allow").get(1).asText(), show.toString());
        assertEquals(30, show.get("max-calls").asInt(), show.toString());
        expect(0, "update", "1", "--allow", "", "--max-calls", "0");
        show = new ObjectMapper().readTree(expect(0, "show", "1", "--json").out());
        assertTrue(show.get("allow") == null && show.get("max-calls") == null, show.toString());
    }

    @Test
    void nodesAreAddedListedWrittenToTheFileAndClearedFromTheCommandLine() throws Exception {
        write("extensions:\n  - {ramal: '9000', port: 40000, mode: echo, description: eco}\n");
        // One node serving everything is the usual case: no NODES column until some entry names nodes.
        assertEquals("RAMAL  ADDRESS          MODE  ENABLED  LISTENER  DESCRIPTION / REASON",
                expect(0, "list").out().lines().findFirst().orElseThrow());
        Run bad = expect(2, "add", "--ramal", "1", "--port", "40001", "--mode", "echo", "--nodes", "gw-a,gw a");
        assertEquals("ramal extensions: nodes entry 'gw a' is invalid, allowed: 1-63 of letters, digits and . _ -",
                bad.err().strip());
        expect(0, "add", "--ramal", "1", "--port", "40001", "--mode", "echo", "--nodes", "gw-b,gw-a,gw-b");
        List<String> lines = expect(0, "list").out().lines().toList();
        assertEquals("RAMAL  ADDRESS          MODE  NODES      ENABLED  LISTENER  DESCRIPTION / REASON", lines.get(0));
        assertEquals("9000   127.0.0.1:40000  echo  all        yes      -         eco", lines.get(1));
        assertEquals("1      127.0.0.1:40001  echo  gw-b,gw-a  yes      -", lines.get(2));
        assertTrue(Files.readString(file).contains("    nodes:\n      - gw-b\n      - gw-a\n"), Files.readString(file));
        JsonNode list = new ObjectMapper().readTree(expect(0, "list", "--json").out());
        assertEquals("[\"gw-b\",\"gw-a\"]", list.get(1).get("nodes").toString(), list.toString());
        assertEquals(null, list.get(0).get("nodes"), "every node: no key");

        // update keeps unnamed fields, --nodes replaces the list, --nodes '' is every node again.
        expect(0, "update", "1", "--description", "limited");
        assertEquals("[\"gw-b\",\"gw-a\"]", new ObjectMapper().readTree(expect(0, "show", "1", "--json").out())
                .get("nodes").toString());
        expect(0, "update", "1", "--nodes", "2");
        assertTrue(expect(0, "show", "1").out().contains("nodes:       [2]"));
        assertEquals(List.of("2"), open().load().extensions().get(1).nodes(), "a name of digits reads back as a name");
        expect(0, "update", "1", "--nodes", "");
        assertEquals(null, new ObjectMapper().readTree(expect(0, "show", "1", "--json").out()).get("nodes"));
        assertTrue(expect(0, "list").out().lines().findFirst().orElseThrow().startsWith("RAMAL  ADDRESS          MODE  ENABLED"));
        assertTrue(!Files.readString(file).contains("nodes"), Files.readString(file));
    }

    @Test
    void aBindAddressThatIsNeitherAnIpNorResolvableIsRefusedAtAddAndUpdate() throws Exception {
        write("extensions: []\n");
        assertTrue(expect(2, "add", "--ramal", "1", "--port", "40001", "--mode", "echo", "--bind", "999.1.1.1").err()
                .contains("bind=999.1.1.1 is invalid"));
        Run r = expect(2, "add", "--ramal", "1", "--port", "40001", "--mode", "echo", "--bind", "no-such-host.invalid");
        assertTrue(r.err().contains("bind=no-such-host.invalid is neither an IP address nor a host name that resolves"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        expect(0, "add", "--ramal", "1", "--port", "40001", "--mode", "echo");
        assertTrue(expect(2, "update", "1", "--bind", "no-such-host.invalid").err().contains(
                "neither an IP address nor a host name that resolves"));
        assertTrue(expect(0, "list").out().contains("127.0.0.1:40001"), "unchanged, and loopback by default");
        expect(0, "update", "1", "--bind", "localhost");
    }

    @Test
    void enablingARowWhoseSettingsTheGatewayWouldRefuseIsRefusedAndChangesNothing() throws Exception {
        // Written around the CLI, disabled; the gateway's check (here: no queue named "nowhere").
        write("extensions:\n  - {ramal: '5', port: 40005, mode: queue, settings: {queue: nowhere}, enabled: false}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // The gateway's parser of queue settings, here one that knows no queue "nowhere".
        ModeSettingsRegistry modes = TestModes.REGISTRY.with(Mode.QUEUE, (settings, format) -> {
            if ("nowhere".equals(settings.raw("queue"))) {
                throw new IllegalArgumentException("settings.queue=nowhere is not a known queue");
            }
            return new FormatOnly(format);
        });
        CommandLine cl = ExtensionsCommand.commandLine(this::open, live, modes);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("enable", "5"), out + " " + err);
        assertTrue(err.toString().contains("settings.queue=nowhere is not a known queue"), err.toString());
        JsonNode show = new ObjectMapper().readTree(expect(0, "show", "5", "--json").out());
        assertEquals("disabled", show.get("state").asText(), "nothing changed");
        assertEquals(0, cl.execute("disable", "5"), "disabling needs no check");
    }

    @Test
    void unreadableStoreExitsOne() throws Exception {
        write("extensions: [\n");
        Run r = expect(1, "list");
        assertTrue(r.err().startsWith("ramal extensions: extensions file " + file + " cannot be read"), r.err());
    }

    @Test
    void refusedRowCanBeParkedThenRepairedInPlace() throws Exception {
        write("extensions:\n  - {ramal: '5', port: 40005, mode: agent, description: atendente}\n");
        Run parked = expect(0, "disable", "5");
        assertTrue(parked.out().contains("note: ramal 5 is refused, so it does not listen: settings.queues=null"),
                parked.out());
        expect(0, "update", "5", "--set", "queues=suporte,vendas");
        JsonNode show = new ObjectMapper().readTree(expect(0, "show", "5", "--json").out());
        assertEquals("disabled", show.get("state").asText());
        assertEquals("atendente", show.get("description").asText());
        assertEquals("vendas", show.get("settings").get("queues").get(1).asText());
        expect(0, "enable", "5");
        assertEquals("enabled", new ObjectMapper().readTree(expect(0, "show", "5", "--json").out()).get("state").asText());
    }

    @Test
    void storeOpenerFailureIsAStoreError() {
        CommandLine cl = ExtensionsCommand.commandLine(() -> {
            throw new StoreException("database jdbc:postgresql://h/db cannot be reached");
        }, TestModes.REGISTRY);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("list"));
        assertTrue(err.toString().contains("cannot be reached"), err.toString());
    }

    @Test
    void nameWithALineBreakIsRefusedOnOneLine() throws Exception {
        write("extensions: []\n");
        Run r = expect(ExtensionsCommand.INVALID, "add", "--ramal", "9\n2026-01-01 WARN forged", "--port", "40009",
                "--mode", "echo");
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("ramal '9\\n2026-01-01 WARN forged' is invalid"), r.err());
        assertEquals("extensions: []\n", Files.readString(file), "nothing written");
    }

    @Test
    void refusedRowsPrintEscapedInTheTable() throws Exception {
        write("extensions:\n  - {ramal: \"7\\nforged\", port: 40007, mode: echo, description: \"a\\nb\"}\n"
                + "  - {ramal: '8', port: 40008, mode: echo, bind: 127.000.000.001}\n"
                + "  - {ramal: '9', port: 40008, mode: echo, bind: 127.0.0.1}\n");
        Run r = expect(0, "list");
        assertEquals(5, r.out().lines().count(), r.out());
        assertTrue(r.out().contains("7\\nforged"), r.out());
        assertTrue(r.out().contains("address 127.0.0.1:40008 is already used by ramal 8"), r.out());
        Run big = expect(ExtensionsCommand.INVALID, "add", "--ramal", "10", "--port", "40010", "--mode", "echo",
                "--description", "d".repeat(2000));
        assertTrue(big.err().contains("description is 2000 characters long, allowed: at most 1024"), big.err());
    }
}
