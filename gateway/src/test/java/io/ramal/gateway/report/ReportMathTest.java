package io.ramal.gateway.report;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arithmetic and the bounds every report shares: percentiles, averages, days, the cursor, the id order. */
class ReportMathTest {

    @Test
    void ninetiethPercentileIsTheNearestRank() {
        Tally.Samples s = new Tally.Samples();
        assertNull(s.percentileMillis(90));
        assertNull(s.averageMillis());
        for (long v = 10; v >= 1; v--) {
            s.add(v * 1000);
        }
        assertEquals(9000, s.percentileMillis(90), "of 10 values, the 9th smallest");
        assertEquals(5500, s.averageMillis());
        Tally.Samples one = new Tally.Samples();
        one.add(7);
        assertEquals(7, one.percentileMillis(90));
        Tally.Samples two = new Tally.Samples();
        two.add(1);
        two.add(2);
        assertEquals(2, two.averageMillis(), "1.5 ms rounds half up");
        assertEquals(2, two.percentileMillis(90));
    }

    @Test
    void daysAreCutInTheZoneAndUntilIsIncluded() {
        ZoneId sp = ZoneId.of("America/Sao_Paulo");
        Clock now = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
        Window w = Window.days(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30), sp, now);
        assertEquals(Instant.parse("2026-11-30T03:00:00Z"), w.from());
        assertEquals(Instant.parse("2026-12-01T03:00:00Z"), w.to());
        Window today = Window.days(null, null, sp, now);
        assertEquals(LocalDate.of(2026, 12, 1), today.day(today.from()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Window.days(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 11, 1), sp, now));
        assertEquals("until 2026-11-01 is before since 2026-12-01", e.getMessage());
    }

    @Test
    void cursorTravelsAsATokenAndRefusesAnythingElse() {
        Cursor c = new Cursor(Instant.parse("2026-11-30T13:00:00.123456Z"), UUID.randomUUID());
        assertEquals(c, Cursor.parse(c.token()));
        assertTrue(c.token().matches("[A-Za-z0-9_-]+"), c.token());
        assertThrows(IllegalArgumentException.class, () -> Cursor.parse("not-a-cursor"));
        assertThrows(IllegalArgumentException.class, () -> Cursor.parse("!!"));
    }

    @Test
    void idsCompareUnsignedAsPostgresDoes() {
        UUID high = UUID.fromString("f0000000-0000-4000-8000-000000000000");
        UUID low = UUID.fromString("00000000-0000-4000-8000-000000000000");
        assertTrue(high.compareTo(low) < 0, "Java's own order puts the high bit first");
        assertTrue(RecordOrder.IDS.compare(high, low) > 0, "as bytes it comes last");
    }
}
