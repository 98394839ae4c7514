package io.ramal.gateway.cli;

import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database password written into the URL, in each form people write, never reaches standard
 * output, standard error or a log line, whether the URL is refused or the database cannot be
 * reached: {@code ramal db migrate}, {@code ramal extensions list} and {@code ramal report calls} as an
 * admin runs them.
 */
class PasswordMaskIT {

    @Test
    void passwordInAnyUrlFormIsNeverPrinted() throws Exception {
        int port = closedPort();
        List<String> urls = List.of(
                "jdbc:postgresql://postgres:Pw0Secret1@127.0.0.1:" + port + "/ramal",
                "jdbc:postgresql://postgres:Pw0Secret2@127.0.0.1/ramal",
                "postgres://postgres:Pw0Secret3@127.0.0.1:" + port + "/ramal",
                "postgresql://postgres:Pw0Secret4@127.0.0.1:" + port + "/ramal",
                "jdbc:postgresql://127.0.0.1:" + port + "/ramal?password=Pw0Secret5",
                "jdbc:postgresql://127.0.0.1:" + port + "/ramal?ssl=false&password=Pw0Secret6",
                "jdbc:postgresql://127.0.0.1:99999/ramal?password=Pw0Secret7");
        for (String url : urls) {
            for (String[] command : List.of(new String[] {"db", "migrate"}, new String[] {"extensions", "list"},
                    new String[] {"report", "calls"})) {
                List<String> args = new ArrayList<>(List.of("-D", "db.url=" + url, "-D", "db.connect-timeout=1s",
                        "-D", "db.password=Pw0Secret8", "-D", "http.port=" + port));
                args.addAll(List.of(command));
                String seen = run(args.toArray(String[]::new));
                assertFalse(seen.contains("Pw0Secret"), String.join(" ", command) + " with " + url + " printed:\n" + seen);
                assertTrue(seen.contains("****"), "the error names the masked URL: " + seen);
            }
        }
    }

    /** Runs the command; returns everything it wrote: its out and err, the process's, the logs. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        List<String> jul = new ArrayList<>();
        Handler julHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                jul.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        julRoot.addHandler(julHandler);
        int code;
        try (LogCapture logs = LogCapture.info("ROOT")) {
            PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            code = cl.execute(args);
            return out + "\n" + err + "\n" + console.toString(StandardCharsets.UTF_8) + "\n"
                    + String.join("\n", logs.messages()) + "\n" + String.join("\n", jul) + "\nexit=" + code;
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            julRoot.removeHandler(julHandler);
        }
    }

    private static int closedPort() throws Exception {
        return io.ramal.extensions.testing.FreePorts.next();
    }
}
