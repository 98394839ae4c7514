package io.ramal.extensions;

import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModeSettingsRegistryTest {

    /** A mode with settings of its own: {@code greeting} (required) and nothing else. */
    private record Greeting(String text, CallFormat format) implements ModeSettings {
    }

    private static final ModeSettingsParser<Greeting> GREETING = (s, format) -> {
        String text = s.string("greeting", null);
        if (text == null) {
            throw new IllegalArgumentException(s.key("greeting") + " is missing, allowed: any text");
        }
        s.finish();
        return new Greeting(text, format);
    };

    private static final ModeSettingsRegistry MODES = ModeSettingsRegistry.of(Map.of(Mode.AI, GREETING));

    private static String refusal(Mode mode, Map<String, Object> settings) {
        return assertThrows(IllegalArgumentException.class, () -> MODES.parse(mode, settings)).getMessage();
    }

    @Test
    void eachModeIsParsedByItsOwnParserWithTheCommonFormat() {
        ModeSettings s = MODES.parse(Mode.AI, Map.of("greeting", "oi", "format", "slin16"));
        assertEquals(new Greeting("oi", CallFormat.SLIN16), s);
        assertEquals(CallFormat.SLIN, MODES.parse(Mode.AI, Map.of("greeting", "oi")).format(), "slin by default");
    }

    @Test
    void unknownAndInvalidSettingsAreRefusedNamingTheKey() {
        assertTrue(refusal(Mode.AI, Map.of("greeting", "oi", "greting", "x")).startsWith("unknown key [settings.greting]"),
                refusal(Mode.AI, Map.of("greeting", "oi", "greting", "x")));
        assertEquals("settings.greeting is missing, allowed: any text", refusal(Mode.AI, Map.of()));
        assertEquals("settings.format=slin7 is invalid, allowed: slin, slin16, slin24, slin48",
                refusal(Mode.AI, Map.of("greeting", "oi", "format", "slin7")));
    }

    @Test
    void aModeWithoutAParserIsRefusedNamingTheModesThatHaveOne() {
        assertEquals("mode queue has no settings parser here, allowed: ai", refusal(Mode.QUEUE, Map.of()));
        assertTrue(ModeSettingsRegistry.NONE.with(Mode.ECHO, FormatOnly.PARSER).parse(Mode.ECHO, Map.of())
                instanceof FormatOnly);
    }

    @Test
    void anEntryIsParsedWhenReadAndCarriesItsTypedSettings() {
        ModeSettingsRegistry modes = TestModes.REGISTRY.with(Mode.AI, GREETING);
        Extension e = ExtensionParser.parseOrThrow(Map.of("ramal", "9300", "port", 40300, "mode", "ai",
                "settings", Map.of("greeting", "oi", "format", "slin48")), "127.0.0.1", modes);
        assertEquals("oi", e.modeSettings(Greeting.class).text());
        assertEquals(CallFormat.SLIN48, e.modeSettings().format());
        Object refused = ExtensionParser.parse(Map.of("ramal", "9301", "port", 40301, "mode", "ai",
                "settings", Map.of("greeting", "oi", "voice", "alloy")), "127.0.0.1", 1, modes);
        assertInstanceOf(RejectedExtension.class, refused);
        assertTrue(((RejectedExtension) refused).reason().contains("unknown key [settings.voice]"), refused.toString());
        assertTrue(((RejectedExtension) refused).settingsOnly(), "the rest of the entry is valid");
        Object both = ExtensionParser.parse(Map.of("ramal", "bad name", "port", 40301, "mode", "ai",
                "settings", Map.of("voice", "alloy")), "127.0.0.1", 1, modes);
        assertTrue(((RejectedExtension) both).reason().contains("ramal 'bad name' is invalid"), both.toString());
        assertFalse(((RejectedExtension) both).settingsOnly(), "the entry's own fields are checked first");
    }

    @Test
    void anExtensionBuiltInCodeCarriesItsFormatOnlyAndSaysSoWhenAskedForMore() {
        Extension e = new Extension("9000", "127.0.0.1", 40000, Mode.AI, Map.of("format", "slin24"), null, true, "");
        assertEquals(new FormatOnly(CallFormat.SLIN24), e.modeSettings());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.modeSettings(Greeting.class));
        assertTrue(x.getMessage().startsWith("ramal 9000: settings of mode ai were not parsed"), x.getMessage());
        assertSame(e.modeSettings(), e.withEnabled(false).modeSettings());
    }
}
