package io.ramal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.bench.baseline.BaselineEchoServer;
import io.ramal.gateway.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ramal loadtest} as the command line runs it, found by the gateway's Main through ServiceLoader. */
class LoadTestCommandIT {

    @TempDir
    Path dir;

    @Test
    void theBenchCommandsAreRamalSubcommands() {
        CommandLine cl = Main.commandLine();
        assertTrue(cl.getSubcommands().containsKey("loadtest"));
        assertTrue(cl.getSubcommands().containsKey("baseline-echo"));
        assertTrue(cl.getSubcommands().containsKey("loadtest-plot"));
    }

    @Test
    void loadtestPrintsJsonAndTheTableAndSavesIt() throws Exception {
        try (BaselineEchoServer b = new BaselineEchoServer(new InetSocketAddress("127.0.0.1", 0))) {
            Path saved = dir.resolve("run.json");
            String[] r = Cli.run("loadtest", "--target", "127.0.0.1:" + b.port(), "--calls", "10", "--seconds", "1",
                    "--ramp", "0.2", "--json", "--label", "baseline", "--save", saved.toString(), "--expect-clean");
            assertEquals("0", r[0], r[1] + r[2]);
            JsonNode j = new ObjectMapper().readTree(r[1]);
            assertEquals("baseline", j.get("label").asText());
            assertEquals(10, j.get("load").get("calls").asInt());
            assertEquals(0, j.get("load").get("lost").asLong());
            assertTrue(j.get("server").get("foundBy").asText().startsWith("ss port"), r[1]);
            assertTrue(r[2].contains("window"), "progress lines on stderr: " + r[2]);
            assertEquals(j, new ObjectMapper().readTree(Files.readString(saved)));

            String[] t = Cli.run("loadtest", "--target", "127.0.0.1:" + b.port(), "--calls", "5", "--seconds", "1",
                    "--ramp", "0", "--quiet", "--gateway-pid", Long.toString(ProcessHandle.current().pid()));
            assertEquals("0", t[0], t[1] + t[2]);
            assertTrue(t[1].contains("| server | calls |"), t[1]);
            assertTrue(t[1].contains("found by --gateway-pid"), t[1]);
            assertEquals("", t[2]);
        }
    }

    @Test
    void badOptionsGetOneLine() {
        String[] r = Cli.run("loadtest", "--target", "127.0.0.1", "--calls", "1");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("ramal: --target 127.0.0.1 is invalid"), r[2]);
    }

    @Test
    void benchGatewayRefusesAnUnknownAcceptor() {
        String[] r = Cli.run("bench-gateway", "--acceptor", "nope", "--listen", "127.0.0.1:0");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--acceptor=nope is invalid, allowed: own, call-loop"), r[2]);
    }
}
