package io.ramal.gateway;

import io.ramal.extensions.CallFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.FormatOnly;
import io.ramal.extensions.RejectedExtension;
import io.ramal.extensions.store.FileExtensionStore;
import io.ramal.gateway.ai.AiSettings;
import io.ramal.gateway.queue.AgentSettings;
import io.ramal.gateway.queue.QueueSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every mode's settings parsed once, as the stores read an entry, by the mode's own parser. */
class ModesTest {

    private static Object parse(String ramal, String mode, Map<String, Object> settings) {
        Map<String, Object> entry = new HashMap<>(Map.of("ramal", ramal, "port", 40000, "mode", mode));
        entry.put("settings", settings);
        return ExtensionParser.parse(entry, "127.0.0.1", 1, Modes.SETTINGS);
    }

    private static String refusal(String mode, Map<String, Object> settings) {
        Object r = parse("9", mode, settings);
        assertInstanceOf(RejectedExtension.class, r, mode + " " + settings);
        return ((RejectedExtension) r).reason();
    }

    @Test
    void theShippedExtensionsEachCarryTheirModesSettings() throws Exception {
        ExtensionSnapshot s = new FileExtensionStore(Path.of("..", "config", "extensions.yaml"), Duration.ofSeconds(1),
                Modes.SETTINGS).load();
        assertEquals(List.of(), s.rejected());
        Map<String, Class<?>> types = Map.of("9000", FormatOnly.class, "9100", QueueSettings.class,
                "9200", AgentSettings.class, "9300", AiSettings.class);
        for (Extension e : s.extensions()) {
            assertInstanceOf(types.get(e.ramal()), e.modeSettings(), e.ramal());
            assertEquals(CallFormat.SLIN, e.modeSettings().format());
        }
        assertEquals(types.keySet(), Map.copyOf(s.extensions().stream()
                .collect(java.util.stream.Collectors.toMap(Extension::ramal, e -> 1))).keySet());
    }

    @Test
    void theFormatIsReadOnceForEveryMode() {
        Map<String, Map<String, Object>> minimal = Map.of("echo", Map.of(), "ai", Map.of("url", "ws://a/"),
                "queue", Map.of("queue", "q"), "agent", Map.of("queues", "q"));
        minimal.forEach((mode, settings) -> {
            Map<String, Object> with = new HashMap<>(settings);
            with.put("format", "slin48");
            assertEquals(CallFormat.SLIN48, ((Extension) parse("9", mode, with)).modeSettings().format(), mode);
            with.put("format", "slin7");
            assertEquals("settings.format=slin7 is invalid, allowed: slin, slin16, slin24, slin48",
                    refusal(mode, with), mode);
        });
    }

    @Test
    void aBadSettingRefusesTheEntryNamingKeyValueAndWhatIsAllowed() {
        assertTrue(refusal("ai", Map.of("url", "ftp://x/")).contains("settings.url=ftp://x/ is invalid, allowed: ws://"));
        assertTrue(refusal("ai", Map.of("url", "ws://a/", "voice", "alloy")).startsWith("unknown key [settings.voice]"));
        assertTrue(refusal("queue", Map.of()).contains("settings.queue=null is invalid, allowed: the queue's name"));
        assertTrue(refusal("queue", Map.of("queue", "q", "strategy", "fastest"))
                .contains("settings.strategy=fastest is invalid, allowed: longest-idle"));
        assertTrue(refusal("agent", Map.of("queues", List.of())).contains("settings.queues=[] is invalid"));
        Object r = parse("9300", "ai", Map.of());
        assertEquals("9300", ((RejectedExtension) r).ramal(), "the refusal names the ramal");
    }
}
