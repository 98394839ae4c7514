package io.ramal.gateway.cli;

import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.records.RecordsSettings;
import io.ramal.gateway.testing.ThreeCallers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ramal report} over the JSON-lines files the gateway writes without a database: the
 * three-caller morning written through the real writers, read back to exact figures in each
 * format; a record written twice counts once, a line cut short is skipped and named.
 */
class ReportCommandTest {

    @TempDir
    Path home;

    private Path files;
    private RamalConfig config;

    /** What one run printed. */
    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void writeTheMorning() {
        files = home.resolve("var/records");
        config = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()), List.of());
        try (Records r = Records.open(RecordsSettings.DEFAULTS, config.db(), home.resolve("var/spool"), files)) {
            ThreeCallers.writeThrough(r);
        }
    }

    /** Runs {@code ramal report ...} against {@code config}; today is 2026-12-02 there. */
    static Run run(RamalConfig config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ReportCommand.commandLine(() -> config,
                Clock.fixed(ThreeCallers.at("12:00:00").plusSeconds(2 * 86_400), ZoneOffset.UTC));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(config, args);
    }

    private static String withoutFooter(String table) {
        return table.substring(0, table.lastIndexOf('\n', table.length() - 2) + 1);
    }

    @Test
    void callsPerExtensionAndDayInTheGatewaysZone() {
        Run r = run("calls", "--since", "2026-11-30", "--until", "2026-12-01", "--zone", "America/Sao_Paulo");
        assertEquals(0, r.code(), r.err());
        assertEquals(ThreeCallers.CALLS_TABLE, withoutFooter(r.out()));
        assertTrue(r.out().endsWith("4 row(s), 2026-11-30 to 2026-12-01 in America/Sao_Paulo, from files dir=" + files
                + "\n"), r.out());
        assertEquals("", r.err());

        Run csv = run("calls", "--since", "2026-11-30", "--until", "2026-12-01", "--zone", "America/Sao_Paulo", "--csv");
        assertEquals(ThreeCallers.CALLS_CSV, csv.out());

        Run one = run("calls", "--since", "2026-11-30", "--until", "2026-11-30", "--zone", "America/Sao_Paulo",
                "--extension", "9000", "--csv");
        assertEquals(ThreeCallers.CALLS_CSV.substring(0, ThreeCallers.CALLS_CSV.indexOf("9000,2026-12-01")), one.out(),
                "the first 9000 call is on the 30th in São Paulo though on the 1st in UTC");
        Run utc = run("calls", "--since", "2026-12-01", "--until", "2026-12-01", "--zone", "UTC", "--extension",
                "9000", "--csv");
        assertTrue(utc.out().endsWith("\r\n9000,2026-12-01,2,2,0,0,0,0,0,60,0,\r\n"), utc.out());
    }

    @Test
    void queuesPerQueueAndDay() {
        Run r = run("queues", "--since", "2026-11-30", "--until", "2026-11-30", "--zone", "America/Sao_Paulo");
        assertEquals(0, r.code(), r.err());
        assertEquals(ThreeCallers.QUEUES_TABLE, withoutFooter(r.out()));
        Run json = run("queues", "--since", "2026-11-30", "--until", "2026-11-30", "--zone", "America/Sao_Paulo",
                "--queue", "suporte", "--json");
        assertEquals(ThreeCallers.QUEUES_JSON, json.out());
        Run none = run("queues", "--since", "2026-11-30", "--until", "2026-11-30", "--queue", "vendas", "--json");
        assertEquals("[ ]\n", none.out());
    }

    @Test
    void aRecordWrittenTwiceCountsOnceAndACutLineIsNamed() throws Exception {
        // A batch written again after a failed write: every line of every file twice.
        List<Path> written = new ArrayList<>();
        try (var s = Files.list(files)) {
            s.sorted().forEach(written::add);
        }
        for (Path p : written) {
            Files.write(p, Files.readAllBytes(p), StandardOpenOption.APPEND);
        }
        Path cut = written.stream().filter(p -> p.getFileName().toString().startsWith(Records.QUEUE_EVENTS))
                .findFirst().orElseThrow();
        Files.write(cut, "{\"eventId\":\"0000".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        Run calls = run("calls", "--since", "2026-11-30", "--until", "2026-12-01", "--zone", "America/Sao_Paulo");
        assertEquals(ThreeCallers.CALLS_TABLE, withoutFooter(calls.out()));
        Run r = run("queues", "--since", "2026-11-30", "--until", "2026-11-30", "--zone", "America/Sao_Paulo");
        assertEquals(ThreeCallers.QUEUES_TABLE, withoutFooter(r.out()));
        assertTrue(r.err().startsWith("ramal report: warning: " + cut + " line "), r.err());
        assertTrue(r.err().contains("is not a record, skipped"), r.err());
    }

    @Test
    void oneCallsRecordAndItsQueueEventsInOrder() {
        Run r = run("call", ThreeCallers.C2.toString(), "--zone", "America/Sao_Paulo");
        assertEquals(0, r.code(), r.err());
        assertEquals(ONE_CALL, r.out());
        Run json = run("call", ThreeCallers.C2.toString(), "--json");
        assertTrue(json.out().contains("\"callId\" : \"" + ThreeCallers.C2 + "\""), json.out());
        assertTrue(json.out().indexOf("\"event\" : \"enter\"") < json.out().indexOf("\"event\" : \"connect\""));
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Run backwards = run("calls", "--since", "2026-11-30", "--until", "2026-11-29");
        assertEquals(2, backwards.code());
        assertEquals("ramal report: until 2026-11-29 is before since 2026-11-30\n", backwards.err());
        Run unknown = run("call", "00000000-0000-4000-8000-00000000dead");
        assertEquals(2, unknown.code());
        assertEquals("ramal report: no call 00000000-0000-4000-8000-00000000dead in files dir=" + files + "\n",
                unknown.err());
        assertEquals("", unknown.out());
        Run both = run("calls", "--json", "--csv");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    static final String ONE_CALL = """
            call        00000000-0000-4000-8000-000000000c02
            extension   9100 (queue)
            remote      127.0.0.1:43074
            started     2026-11-30 10:00:05.000
            answered    2026-11-30 10:02:12.000
            ended       2026-11-30 10:03:12.000
            wait        127.0 s
            talk        60.0 s
            queue       suporte
            attendant   00000000-0000-4000-8000-0000000000a1
            agent       -
            outcome     answered
            end reason  local-hangup
            hung up by  attendant
            frames      in 9350, out 9350, underruns 0
            transfers   -

            AT                       QUEUE    EVENT                  ATTENDANT                             WAITED-S  DETAIL
            2026-11-30 10:00:05.000  suporte  enter                  -                                          0.0  priority=0
            2026-11-30 10:02:12.000  suporte  connect                00000000-0000-4000-8000-0000000000a1     127.0  pairing 2
            2026-11-30 10:03:12.000  suporte  complete-by-attendant  00000000-0000-4000-8000-0000000000a1     187.0  talked-ms=60000
            times in America/Sao_Paulo
            """;
}
