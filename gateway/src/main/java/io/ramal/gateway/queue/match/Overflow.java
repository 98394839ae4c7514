package io.ramal.gateway.queue.match;

import java.util.Objects;

/**
 * Where a caller goes when the queue cannot keep them: the maximum wait passed, the queue was
 * full, or (when required) no attendant was logged in. Written in settings as {@code hangup}
 * (the goodbye prompt, then hangup), {@code queue:<name>} (the tail of another queue) or
 * {@code ramal:<ramal>} (the handler of another extension, through {@link ExtensionLookup}).
 *
 * @param kind   what kind of target
 * @param target the queue name or ramal; empty for {@link Kind#HANGUP}
 */
public record Overflow(Kind kind, String target) {

    /** The kinds of overflow target. */
    public enum Kind { HANGUP, QUEUE, RAMAL }

    /** The goodbye prompt, then hangup: the default. */
    public static final Overflow HANGUP = new Overflow(Kind.HANGUP, "");

    public Overflow {
        Objects.requireNonNull(kind, "kind");
        target = target == null ? "" : target;
        if (kind != Kind.HANGUP && target.isBlank()) {
            throw new IllegalArgumentException("overflow " + kind + " needs a target name");
        }
    }

    /**
     * Parses {@code hangup}, {@code queue:<name>} or {@code ramal:<ramal>}.
     *
     * @throws IllegalArgumentException naming {@code key}, the value and the forms allowed
     */
    public static Overflow parse(String key, Object value) {
        String s = value == null ? "" : value.toString().trim();
        if (s.equalsIgnoreCase("hangup")) {
            return HANGUP;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon < s.length() - 1) {
            String kind = s.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            String name = s.substring(colon + 1).trim();
            if (!name.isEmpty()) {
                if (kind.equals("queue")) {
                    return new Overflow(Kind.QUEUE, name);
                }
                if (kind.equals("ramal")) {
                    return new Overflow(Kind.RAMAL, name);
                }
            }
        }
        throw new IllegalArgumentException(key + "=" + value
                + " is invalid, allowed: hangup, queue:<queue name> or ramal:<ramal>");
    }

    /** As written in settings. */
    @Override
    public String toString() {
        return kind == Kind.HANGUP ? "hangup" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + target;
    }
}
