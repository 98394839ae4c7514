package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ramal status}'s text from a {@code /board.json} document. */
class StatusTextTest {

    private static final String BOARD = """
            {"at":"2026-12-01T10:00:00Z","version":"0.1.0","health":{"status":"UP","lagMs":0.4,
             "pacerSkippedTicks":0,"refused":2,"refusedNotAllowed":1,"refusedBusy":1,"storeKind":"postgres",
             "storeUp":false},
             "callsTotal":3,"callsByMode":{"echo":1,"queue":2},
             "extensions":[{"ramal":"9000","address":"127.0.0.1:40000","mode":"echo","state":"BOUND","reason":null,
               "active":1},{"ramal":"9100","address":"127.0.0.1:40100","mode":"queue","state":"SERVING_OLD",
               "reason":"bad format","active":2}],
             "queues":[{"name":"suporte","waiting":[{"call":"aaaaaaaa-0000-0000-0000-000000000001","ramal":"9100",
               "position":1,"waitedMs":75000}],"longestWaitMs":75000,
               "attendants":[{"call":"bbbbbbbb-0000-0000-0000-000000000002","ramal":"9200","state":"busy",
               "with":"cccccccc-0000-0000-0000-000000000003","sinceMs":3723000}],"free":0,"busy":1,"paused":0,
               "wrapUp":0,"today":{"offered":10,"answered":8,"abandoned":2,"overflowed":0,"asaSeconds":12.5,
               "serviceLevel":0.75,"thresholdSeconds":20,"error":null},"history":[0,2,4,0]}]}
            """;

    @Test
    void everyPartOfTheBoardIsOnItsLine() throws Exception {
        List<String> lines = StatusText.render(new ObjectMapper().readTree(BOARD)).lines().toList();
        assertTrue(lines.get(0).startsWith("ramal 0.1.0  UP  calls 3 (echo 1, queue 2)  lag 0.4 ms  refused 2  "
                + "late-ticks 0  store postgres DOWN  at 2026-12-01T10:00:00Z"), lines.get(0));
        assertTrue(lines.contains("  9100     127.0.0.1:40100        queue   SERVING_OLD      2  bad format"),
                String.join("\n", lines));
        assertTrue(lines.contains("QUEUE suporte  waiting 1  longest 1:15  attendants free 0 busy 1 paused 0 wrap-up 0"),
                String.join("\n", lines));
        assertTrue(lines.contains("  today  offered 10  answered 8  abandoned 2  overflowed 0  avg-answer 0:12  "
                + "service-level 75.0% (within 20 s)"), String.join("\n", lines));
        assertTrue(lines.contains("  last hour  ·▄█·  (most waiting at once: 4)"), String.join("\n", lines));
        assertTrue(lines.contains("  waiting     1. 9100     aaaaaaaa-0000-0000-0000-000000000001  1:15"),
                String.join("\n", lines));
        assertTrue(lines.contains("  attendant  9200     bbbbbbbb-0000-0000-0000-000000000002  busy    with "
                + "cccccccc-0000-0000-0000-000000000003  1:02:03"), String.join("\n", lines));
    }

    @Test
    void clockReadsMinutesThenHours() {
        assertEquals("0:00", StatusText.clock(0));
        assertEquals("1:05", StatusText.clock(65_000));
        assertEquals("1:00:00", StatusText.clock(3_600_000));
    }
}
