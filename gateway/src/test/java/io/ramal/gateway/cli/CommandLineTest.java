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
    void onlyServeAndNoCommandRunTheGateway() {
        assertTrue(Main.serves(new String[0]));
        assertTrue(Main.serves(new String[] {"serve"}));
        assertTrue(Main.serves(new String[] {"--config", "x.yaml", "-D", "status.interval=1s"}));
        assertTrue(Main.serves(new String[] {"-D", "a.b=c", "serve"}));
        assertFalse(Main.serves(new String[] {"call", "127.0.0.1:40000"}));
        assertFalse(Main.serves(new String[] {"--config", "serve", "extensions", "list"}));
    }

    @Test
    void helpListsEveryCommand() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String c : List.of("serve", "call", "extensions", "db")) {
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
}
