package io.ramal.gateway.queue;

import io.ramal.gateway.queue.match.Overflow;
import io.ramal.gateway.queue.match.Strategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queue and attendant settings: defaults, every key, and messages that name key and value. */
class QueueSettingsTest {

    /** Messages name the settings as the ramal's, as a caller of {@code from} would. */
    private static QueueSettings queue(Map<String, Object> settings) {
        return QueueSettings.from("ramal 9100 settings", settings);
    }

    @Test
    void queueDefaultsAreDocumented() {
        QueueSettings s = queue(Map.of("queue", "suporte"));
        assertEquals("suporte", s.queue());
        assertEquals(0, s.priority());
        assertEquals(Strategy.LONGEST_IDLE, s.strategy());
        assertEquals(Duration.ofMinutes(10), s.maxWait());
        assertEquals(100, s.maxCallers());
        assertEquals(Duration.ofSeconds(5), s.wrapUp());
        assertEquals(Duration.ofSeconds(30), s.announceInterval());
        assertEquals(20, s.serviceLevelSeconds());
        assertEquals(Overflow.HANGUP, s.overflow());
        assertFalse(s.requireAttendant());
    }

    @Test
    void everyQueueKeyIsRead() {
        QueueSettings s = queue(Map.of("queue", "suporte", "priority", 5,
                "strategy", "round-robin", "max-wait", "2m", "max-callers", 7, "wrap-up", "0", "announce-interval", "45s",
                "service-level-seconds", 30, "overflow", "ramal:9000", "require-attendant", true));
        assertEquals(5, s.priority());
        assertEquals(Strategy.ROUND_ROBIN, s.strategy());
        assertEquals(Duration.ofMinutes(2), s.maxWait());
        assertEquals(7, s.maxCallers());
        assertEquals(Duration.ZERO, s.wrapUp());
        assertEquals(Duration.ofSeconds(45), s.announceInterval());
        assertEquals(30, s.serviceLevelSeconds());
        assertEquals(new Overflow(Overflow.Kind.RAMAL, "9000"), s.overflow());
        assertTrue(s.requireAttendant());
        assertEquals(new Overflow(Overflow.Kind.QUEUE, "vendas"), Overflow.parse("k", "queue:vendas"));
    }

    @Test
    void badQueueValuesNameTheRamalKeyAndValue() {
        assertMessage(Map.of("queue", "s", "strategy", "fastest"),
                "ramal 9100 settings.strategy=fastest is invalid, allowed: longest-idle, round-robin, fewest-calls, random");
        assertMessage(Map.of("queue", "s", "max-wait", "soon"), "ramal 9100 settings.max-wait=soon is not a duration");
        assertMessage(Map.of("queue", "s", "priority", 101), "ramal 9100 settings.priority=101 is out of range, allowed: 0..100");
        assertMessage(Map.of("queue", "s", "overflow", "elsewhere"),
                "ramal 9100 settings.overflow=elsewhere is invalid, allowed: hangup, queue:<queue name> or ramal:<ramal>");
        assertMessage(Map.of("queue", "s", "overflow", "queue:s"), "names the queue itself");
        assertMessage(Map.of("queue", "s", "wrapup", "5s"), "unknown key [ramal 9100 settings.wrapup]");
        assertMessage(Map.of("queue", List.of("a")), "ramal 9100 settings.queue=[a] is invalid");
    }

    @Test
    void agentSettingsTakeOneQueueOrAList() {
        AgentSettings a = AgentSettings.from("ramal 9200 settings", Map.of("queues", "suporte"));
        assertEquals(List.of("suporte"), a.queues());
        assertEquals('*', a.pauseDigit());
        assertEquals('#', a.resumeDigit());
        assertEquals('0', a.endDigit());
        assertEquals(Duration.ZERO, a.beepInterval());
        AgentSettings b = AgentSettings.from("ramal 9201 settings",
                Map.of("queues", List.of("suporte", "vendas"), "end-digit", 9, "beep-interval", "10s"));
        assertEquals(List.of("suporte", "vendas"), b.queues());
        assertEquals('9', b.endDigit());
        assertEquals(Duration.ofSeconds(10), b.beepInterval());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
                "ramal 9202 settings", Map.of("queues", "s", "pause-digit", "**")));
        assertTrue(e.getMessage().contains("ramal 9202 settings.pause-digit=** is invalid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
                "ramal 9203 settings", Map.of("queues", "s", "end-digit", "*")));
        assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }

    @Test
    void queueNamesThatWouldForgeLogLinesAreRefused() {
        assertMessage(Map.of("queue", "sup\nforged"), "ramal 9100 settings.queue=sup\\nforged is invalid");
        assertMessage(Map.of("queue", "q".repeat(65)), "allowed: a queue name of 1 to 64 characters");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentSettings.from("ramal 9200 settings", Map.of("queues", List.of("ok", "x\"y"))));
        assertTrue(e.getMessage().contains("settings.queues=x\\\"y is invalid"), e.getMessage());
        assertEquals("Suporte Técnico", queue(Map.of("queue", "Suporte Técnico")).queue());
    }

    private static void assertMessage(Map<String, Object> settings, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue(settings));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
