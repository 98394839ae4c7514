package io.ramal.gateway.ai.demo;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AiDemoCommandTest {

    @Test
    void listenAddressIsParsedWithItsPort() {
        InetSocketAddress a = AiDemoCommand.parse("127.0.0.1:8765");
        assertEquals("127.0.0.1", a.getHostString());
        assertEquals(8765, a.getPort());
        assertEquals(9000, AiDemoCommand.parse("[::1]:9000").getPort());
    }

    @Test
    void badListenAddressesSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AiDemoCommand.parse("8765"))
                .getMessage().contains("expected HOST:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AiDemoCommand.parse("h:x"))
                .getMessage().contains("no valid port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AiDemoCommand.parse("h:70000"))
                .getMessage().contains("0..65535"));
    }

    @Test
    void helpNamesTheOptionsAndDefaults() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new AiDemoCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("--listen"), out.toString());
        assertTrue(out.toString().contains("127.0.0.1:8765"), out.toString());
        assertTrue(out.toString().contains("suporte"), out.toString());
    }
}
