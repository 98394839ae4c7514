package io.ramal.bench;

import io.ramal.bench.proc.ProcWindow;
import io.ramal.bench.report.HeavyPlot;
import io.ramal.bench.report.HeavyReport;
import io.ramal.bench.report.RunReport;
import io.ramal.bench.report.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    static RunReport run(int calls, long lost, double gapP99, double cpu) {
        LoadResult l = new LoadResult("127.0.0.1:40000", calls, 2, 15, calls, 0, 0, calls * 850L, calls * 850L - lost,
                lost, 0, 0, calls * 3L, 0, 0, new Dist(1000, 1, 40, 60, 80), new Dist(1000, 19.5, 20, gapP99, 30),
                0, 0, 0.4, List.of(new CallSummary(0, 40000, "ok", 850, 850 - lost, lost, 0, 0, 3, 0, 60, 30, 0)));
        ProcWindow s = new ProcWindow(42, "ss port 40000", 15, cpu, cpu - 5, 5, 0.123, 150, 160, 30);
        return new RunReport("gateway", "heavy", l, s, null, "0.50 0.40 0.30", null);
    }

    @Test
    void aCleanRunLosesNothingAndKeepsTheGapP99Within25ms() {
        assertTrue(run(500, 0, 21.0, 30).passes());
        assertFalse(run(500, 1, 21.0, 30).passes());
        assertFalse(run(500, 0, 25.1, 30).passes());
    }

    @Test
    void tablesCarryTheFiguresAndTheCost() {
        String t = Tables.runs(List.of(run(1000, 0, 21.5, 42.5)));
        assertTrue(t.startsWith("| server | calls |"), t);
        assertTrue(t.contains("| gateway | 1000 | 0 | 0 | 850000 | 0 |"), t);
        assertTrue(t.contains("| 19.5 / 20.0 / 21.5 / 30.0 |"), t);
        assertTrue(t.contains("| 42.5 | 0.123 | 150.0 |"), t);
        assertTrue(t.contains("| yes |"), t);
        String d = Tables.details(run(1000, 2, 21.5, 42.5), 5);
        assertTrue(d.contains("found by ss port 40000"), d);
        assertTrue(d.contains("worst calls"), d);
    }

    @Test
    void anEchoRunsJsonIsAsBeforeAndOldSavedRunsStillRead() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode j = mapper.valueToTree(run(500, 0, 21.0, 30));
        assertFalse(j.get("load").has("turns"), j.toString());
        assertFalse(j.get("load").has("bridges"), j.toString());
        HeavyReport old = mapper.readValue(Path.of("results/2026-11-30-epyc/heavy-gateway-final.json").toFile(),
                HeavyReport.class);
        assertEquals(250, old.largestClean());
        assertEquals(null, old.steps().get(0).load().turns());
    }

    @Test
    void aiAndQueueRunsHaveTablesOfTheirOwn() {
        RunReport echo = run(100, 0, 21.0, 30);
        LoadResult ai = echo.load().with(new TurnFigures(1, 0.5, 40, 40, 39, new Dist(40, 720, 734, 748, 750)), null);
        String t = Tables.runs(List.of(new RunReport("gateway", "ai", ai, echo.server(), null, "1 1 1", null)));
        assertTrue(t.contains("| turn latency p50 / p99 / max ms |"), t);
        assertTrue(t.contains("| 40 (40 / 39) | 734.0 / 748.0 / 750.0 |"), t);
        assertTrue(t.contains("| yes |"), "every turn answered: " + t);
        LoadResult unanswered = echo.load().with(new TurnFigures(1, 0.5, 40, 39, 39, Dist.EMPTY), null);
        assertFalse(new RunReport("gateway", "ai", unanswered, null, null, null, null).passes());
        LoadResult q = echo.load().with(null, new BridgeFigures("127.0.0.1:41203", 50, 100, 50, 100, 42_000, 0));
        RunReport queue = new RunReport("gateway", "queue", q, echo.server(), null, "1 1 1", null);
        String qt = Tables.runs(List.of(queue));
        assertTrue(qt.contains("| CPU ms per leg-s |") && qt.contains("| 50 (100) |") && qt.contains("| 50 / 100 |"),
                qt);
        assertTrue(queue.passes());
        LoadResult deaf = echo.load().with(null, new BridgeFigures("127.0.0.1:41203", 50, 100, 50, 99, 42_000, 1));
        assertFalse(new RunReport("gateway", "queue", deaf, null, null, null, null).passes(),
                "one leg heard another tone");
        assertTrue(Tables.details(queue, 0).contains("50 pairs hearing each other"));
    }

    @Test
    void thePlotIsAPng(@TempDir Path dir) throws Exception {
        Map<String, List<HeavyPlot.Point>> series = HeavyPlot.series();
        series.put("gateway", HeavyPlot.points(new HeavyReport("gateway",
                List.of(run(500, 0, 20.5, 20), run(1000, 0, 21, 40), run(1500, 3, 40, 95)), 1000, "test")));
        series.put("baseline", List.of(new HeavyPlot.Point(500, 22, 60, true), new HeavyPlot.Point(1000, 300, Double.NaN, false)));
        Path png = dir.resolve("plots/heavy.png");
        HeavyPlot.render(series, "test", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertTrue(img.getHeight() > 600);
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertEquals(1, HeavyPlot.niceCeil(0.3));
        assertEquals(25, HeavyPlot.niceCeil(21));
        assertEquals(50, HeavyPlot.niceCeil(30));
        assertEquals(5000, HeavyPlot.niceCeil(3100));
        assertEquals(200, HeavyPlot.niceCeil(200));
    }
}
