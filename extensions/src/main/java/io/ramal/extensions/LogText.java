package io.ramal.extensions;

/**
 * Makes a value that came from a peer, a row or a file safe to print on one log line: control
 * characters ({@code \n}, {@code \r}, {@code \t}, the rest below 0x20, DEL, the C1 block and the
 * Unicode line and paragraph separators) become visible escapes, a double quote becomes
 * {@code \"} so that a quoted value ({@code reason="..."}) ends where it should, and the text is
 * cut to a bound with the number of characters left out. A log line is the cheapest way to
 * forge an event: every value that we did not write ourselves goes through here. Backslashes are
 * kept as they are, so an escaped value escaped again stays readable (only its quotes gain a
 * backslash); the aim is one line per event, not a reversible encoding.
 */
public final class LogText {

    /** The longest value printed by {@link #escape(Object)}: longer ones are cut. */
    public static final int DEFAULT_MAX = 256;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** {@code value} escaped and cut to {@value #DEFAULT_MAX} characters; {@code null} stays "null". */
    public static String escape(Object value) {
        return escape(value, DEFAULT_MAX);
    }

    /**
     * {@code value} escaped, its first {@code max} characters kept and the rest counted, as in
     * {@code abc...(+1000 chars)}.
     */
    public static String escape(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int keep = Math.min(s.length(), Math.max(0, max));
        if (keep == s.length() && clean(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (needsEscape(c)) {
                        sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (keep < s.length()) {
            sb.append("...(+").append(s.length() - keep).append(" chars)");
        }
        return sb.toString();
    }

    /** True when {@link #escape} would print {@code s} unchanged: no control character, no quote. */
    public static boolean isPlain(String s) {
        return s != null && clean(s);
    }

    private static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }
}
