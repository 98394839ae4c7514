package io.ramal.extensions;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTextTest {

    @Test
    void lineBreaksAndTabsBecomeVisibleEscapes() {
        assertEquals("9\\n2026-01-01 WARN forged", LogText.escape("9\n2026-01-01 WARN forged"));
        assertEquals("a\\rb\\tc", LogText.escape("a\rb\tc"));
    }

    @Test
    void otherControlCharactersDelAndUnicodeSeparatorsAreEscaped() {
        assertEquals("\\u0000\\u001b[31m\\u007f", LogText.escape("\0\u001b[31m\u007f"));
        assertEquals("\\u0085\\u2028\\u2029", LogText.escape("\u0085\u2028\u2029"));
    }

    @Test
    void quotesCannotEndAQuotedValue() {
        assertEquals("x\\\" forged=\\\"y", LogText.escape("x\" forged=\"y"));
    }

    @Test
    void longValuesAreCutAndCounted() {
        String s = "a".repeat(300);
        assertEquals("a".repeat(256) + "...(+44 chars)", LogText.escape(s));
        assertEquals("abc...(+2 chars)", LogText.escape("abcde", 3));
    }

    @Test
    void cleanValuesPassUnchanged() {
        String s = "9000 café ü/é 'quoted' \\n";
        assertSame(s, LogText.escape(s));
        assertEquals("null", LogText.escape(null));
        assertEquals("42", LogText.escape(42));
    }
}
