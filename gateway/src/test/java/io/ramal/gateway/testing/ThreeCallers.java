package io.ramal.gateway.testing;

import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.queue.match.QueueEvent;
import io.ramal.gateway.queue.match.QueueEvent.Type;
import io.ramal.gateway.records.Records;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * The reports' fixture: a morning of queue {@code suporte} (threshold 20 s) on ramal 9100 in
 * São Paulo time, as the gateway writes it down. Three callers enter; c1 is answered after 12 s by
 * attendant A (ramal 9200) and hangs up after 120 s; c3 abandons after 30 s; c2 is answered after
 * 127 s and A ends the conversation after 60 s. Two echo calls on ramal 9000 sit either side of
 * midnight local time (the first is already 1 December in UTC), so the days are cut in the zone.
 */
public final class ThreeCallers {

    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    public static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    public static final String QUEUE = "suporte";
    public static final UUID C1 = UUID.fromString("00000000-0000-4000-8000-000000000c01");
    public static final UUID C2 = UUID.fromString("00000000-0000-4000-8000-000000000c02");
    /** An id whose first bit is set: it sorts last as PostgreSQL sorts uuids, first as Java's signed compare does. */
    public static final UUID C3 = UUID.fromString("f0000000-0000-4000-8000-000000000c03");
    public static final UUID A = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    public static final UUID E1 = UUID.fromString("00000000-0000-4000-8000-0000000000e1");
    public static final UUID E2 = UUID.fromString("00000000-0000-4000-8000-0000000000e2");
    private static final int SL = 20;

    private ThreeCallers() {
    }

    /** {@code hh:mm:ss} of {@link #DAY} in {@link #ZONE}. */
    public static Instant at(String time) {
        return DAY.atTime(LocalTime.parse(time)).atZone(ZONE).toInstant();
    }

    private static QueueEvent e(Type t, String time, UUID caller, UUID attendant, long waitedSeconds, String detail) {
        return new QueueEvent(t, at(time), QUEUE, caller, attendant, Duration.ofSeconds(waitedSeconds), detail, SL);
    }

    /** The queue's transitions, in the order the matchmaker emits them. */
    public static List<QueueEvent> events() {
        return List.of(
                e(Type.LOGIN, "09:59:00", null, A, 0, ""),
                e(Type.ENTER, "10:00:00", C1, null, 0, "priority=0"),
                e(Type.ENTER, "10:00:05", C2, null, 0, "priority=0"),
                e(Type.ENTER, "10:00:10", C3, null, 0, "priority=0"),
                e(Type.CONNECT, "10:00:12", C1, A, 12, "pairing 1"),
                e(Type.ABANDON, "10:00:40", C3, null, 30, "hung up while waiting"),
                e(Type.COMPLETE_BY_CALLER, "10:02:12", C1, A, 132, "talked-ms=120000"),
                e(Type.CONNECT, "10:02:12", C2, A, 127, "pairing 2"),
                e(Type.COMPLETE_BY_ATTENDANT, "10:03:12", C2, A, 187, "talked-ms=60000"),
                e(Type.LOGOUT, "10:05:00", null, A, 0, "calls=2"));
    }

    /** The calls' records. */
    public static List<CallRecord> calls() {
        return List.of(
                call(C1, "9100", "queue", "10:00:00", "10:00:12", "10:02:12", 12_000, 120_000, A, QUEUE, "answered",
                        "remote-hangup", "caller"),
                call(C2, "9100", "queue", "10:00:05", "10:02:12", "10:03:12", 127_000, 60_000, A, QUEUE, "answered",
                        "local-hangup", "attendant"),
                call(C3, "9100", "queue", "10:00:10", null, "10:00:40", 30_000, 0, null, QUEUE, "abandoned",
                        "remote-hangup", "caller"),
                call(A, "9200", "agent", "09:59:00", "09:59:00", "10:05:00", 0, 360_000, null, QUEUE, "completed",
                        "remote-hangup", "caller"),
                new CallRecord(E1, "9000", "echo", "127.0.0.1:40001", at("23:30:00"), at("23:30:00"), at("23:30:30"),
                        0, 30_000, null, null, null, "completed", "remote-hangup", "caller", 1500, 1500, 0, List.of()),
                new CallRecord(E2, "9000", "echo", "127.0.0.1:40002", at("23:30:00").plus(Duration.ofHours(1)),
                        at("23:30:00").plus(Duration.ofHours(1)), at("23:32:00").plus(Duration.ofHours(1)), 0, 90_000,
                        null, null, null, "completed", "remote-hangup", "caller", 4500, 4500, 0, List.of()));
    }

    private static CallRecord call(UUID id, String ramal, String mode, String start, String answer, String end,
                                   long waitMs, long talkMs, UUID attendant, String queue, String outcome,
                                   String reason, String side) {
        long frames = (at(end).toEpochMilli() - at(start).toEpochMilli()) / 20;
        return new CallRecord(id, ramal, mode, "127.0.0.1:" + (40000 + (id.getLeastSignificantBits() & 0xFFF)), at(start),
                answer == null ? null : at(answer), at(end), waitMs, talkMs, attendant, queue, null, outcome, reason,
                side, frames, frames, 0, List.of());
    }

    /** Hands every record to the gateway's writers, as calls and the matchmaker do. */
    public static void writeThrough(Records records) {
        events().forEach(records.queueEvents()::on);
        calls().forEach(records.calls()::ended);
    }

    /** {@code ramal report calls --since 2026-11-30 --until 2026-12-01 --zone America/Sao_Paulo}, the table. */
    public static final String CALLS_TABLE = """
            EXTENSION  DAY         OFFERED  ANSWERED  ABANDONED  OVERFLOWED  FAILED  WAIT-AVG-S  WAIT-P90-S  TALK-AVG-S  IN-SL     SL
            9000       2026-11-30        1         1          0           0       0         0.0         0.0        30.0      0      -
            9000       2026-12-01        1         1          0           0       0         0.0         0.0        90.0      0      -
            9100       2026-11-30        3         2          1           0       0        69.5       127.0        90.0      1  33.3%
            9200       2026-11-30        1         1          0           0       0         0.0         0.0       360.0      0      -
            """;

    /** The same, {@code --csv}. */
    public static final String CALLS_CSV = "extension,day,offered,answered,abandoned,overflowed,failed,wait_avg_s,"
            + "wait_p90_s,talk_avg_s,answered_within_threshold,service_level\r\n"
            + "9000,2026-11-30,1,1,0,0,0,0,0,30,0,\r\n"
            + "9000,2026-12-01,1,1,0,0,0,0,0,90,0,\r\n"
            + "9100,2026-11-30,3,2,1,0,0,69.5,127,90,1,0.3333\r\n"
            + "9200,2026-11-30,1,1,0,0,0,0,0,360,0,\r\n";

    /** {@code ramal report queues --since 2026-11-30 --zone America/Sao_Paulo}, the table. */
    public static final String QUEUES_TABLE = """
            QUEUE    DAY         OFFERED  ANSWERED  ABANDONED  OVERFLOWED  WAIT-AVG-S  WAIT-P90-S  TALK-AVG-S  IN-SL     SL  SL-LIMIT
            suporte  2026-11-30        3         2          1           0        69.5       127.0        90.0      1  33.3%       20s
            """;

    /** The same, {@code --json}. */
    public static final String QUEUES_JSON = """
            [ {
              "queue" : "suporte",
              "day" : "2026-11-30",
              "offered" : 3,
              "answered" : 2,
              "abandoned" : 1,
              "overflowed" : 0,
              "wait_avg_s" : 69.5,
              "wait_p90_s" : 127,
              "talk_avg_s" : 90,
              "answered_within_threshold" : 1,
              "service_level" : 0.3333,
              "service_level_threshold_s" : 20
            } ]
            """;
}
