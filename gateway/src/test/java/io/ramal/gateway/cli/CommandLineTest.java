package io.ramal.gateway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void dtmfScheduleReadsDigitsAndTimes() {
        Map<Duration, Character> d = CallCommand.parseDtmf("1@1s, #@2500ms,D@3s");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(3)), List.copyOf(d.keySet()));
        assertEquals(List.of('1', '#', 'D'), List.copyOf(d.values()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallCommand.parseDtmf("x@1s"));
        assertTrue(e.getMessage().contains("expected DIGIT@TIME"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CallCommand.parseDtmf("1@soon"));
    }

    @Test
    void targetNeedsHostAndPort() {
        assertEquals(40000, CallCommand.parseTarget("127.0.0.1:40000").getPort());
        assertEquals(40000, CallCommand.parseTarget("[::1]:40000").getPort());
        assertThrows(IllegalArgumentException.class, () -> CallCommand.parseTarget("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.parseTarget("host:port"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.parseTarget("host:70000"));
    }

    @Test
    void aRelativeRecordingGoesUnderVarRecordingsOfTheHome() {
        java.nio.file.Path home = java.nio.file.Path.of("/srv/ramal");
        assertEquals(java.nio.file.Path.of("/srv/ramal/var/recordings/out.wav"),
                CallCommand.recordingPath(home, java.nio.file.Path.of("out.wav")));
        assertEquals(java.nio.file.Path.of("/srv/ramal/var/recordings/demo/ai.wav"),
                CallCommand.recordingPath(home, java.nio.file.Path.of("demo/ai.wav")));
        assertEquals(java.nio.file.Path.of("/tmp/out.wav"), CallCommand.recordingPath(home, java.nio.file.Path.of("/tmp/out.wav")));
    }

    @Test
    void onlyTheServersKeepTheirInfoLines() {
        assertTrue(Main.serves(new String[0]));
        assertTrue(Main.serves(new String[] {"serve"}));
        assertTrue(Main.serves(new String[] {"--config", "x.yaml", "-D", "status.interval=1s"}));
        assertTrue(Main.serves(new String[] {"-D", "a.b=c", "serve"}));
        assertTrue(Main.serves(new String[] {"ai-demo", "--listen", "127.0.0.1:8765"}));
        assertTrue(Main.serves(new String[] {"bench-gateway", "--queue"}));
        assertFalse(Main.serves(new String[] {"call", "127.0.0.1:40000"}));
        assertFalse(Main.serves(new String[] {"--config", "serve", "extensions", "list"}));
    }

    @Test
    void helpListsEveryCommand() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String c : List.of("serve", "call", "ai-demo", "extensions", "db", "report")) {
            assertTrue(out.toString().contains(c), "help lists " + c + ": " + out);
        }
    }

    @Test
    void invalidConfigurationIsOneLineAndExitTwo() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("-D", "status.interval=soon", "extensions", "list"));
        assertTrue(err.toString().contains("status.interval=soon is not a duration"), err.toString());
    }

    @Test
    void extensionsAddChecksTheModeSettingsAndNestsDottedKeys(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("extensions.yaml");
        java.nio.file.Files.writeString(file, "extensions: []\n");
        String store = "extensions.file=" + file;
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("-D", store, "extensions", "add", "--ramal", "9301", "--port", "40301",
                "--mode", "ai", "--set", "url=ws://127.0.0.1:8765/", "--set", "fallback.transfer=suporte"), err.toString());
        String saved = java.nio.file.Files.readString(file);
        assertTrue(saved.contains("fallback") && saved.contains("transfer: \"suporte\"")
                || saved.contains("transfer: suporte"), saved);

        assertEquals(2, cl.execute("-D", store, "extensions", "add", "--ramal", "9101", "--port", "40101",
                "--mode", "queue", "--set", "queue=vendas", "--set", "strategy=fastest"));
        assertTrue(err.toString().contains("strategy"), err.toString());
        assertEquals(2, cl.execute("-D", store, "extensions", "add", "--ramal", "9001", "--port", "40001",
                "--mode", "echo", "--set", "format=slin7"));
        assertTrue(err.toString().contains("settings.format=slin7 is invalid"), err.toString());
        assertTrue(!java.nio.file.Files.readString(file).contains("9101"), "a refused entry is not stored");
    }

    @Test
    void extensionsEnableRefusesARowWithABadSettingNamingTheKeyAndStartsNothing(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("extensions.yaml");
        // Written around the CLI: a typo the gateway's queue parser refuses.
        java.nio.file.Files.writeString(file, "extensions:\n  - {ramal: '9101', port: 40101, mode: queue, "
                + "settings: {queue: vendas, max-wiat: 5m}, enabled: false}\n");
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("-D", "extensions.file=" + file, "extensions", "enable", "9101"));
        assertTrue(err.toString().contains("unknown key [settings.max-wiat]"), err.toString());
        assertTrue(java.nio.file.Files.readString(file).contains("enabled: false"), "left as it was");
        assertTrue(Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                .noneMatch(n -> n.startsWith("ramal-")), "the CLI checks settings without starting loops or modules");
    }
}
