package io.ramal.extensions;

/**
 * A row or file entry that could not become an {@link Extension}: it is refused alone, and its
 * reason is shown in the listener states, the status log and {@code ramal extensions list}.
 *
 * @param ramal   the entry's name as written, or a placeholder such as {@code #3} when even that
 *                is missing
 * @param reason  what is wrong, naming the key, the value and what is allowed
 * @param enabled false when the entry itself says {@code enabled: false}: an admin parked the bad
 *                entry, so it shows as STOPPED with its reason rather than FAILED
 * @param settingsOnly true when the entry's own fields are valid and only its mode refuses its
 *                settings: an edit of a running extension that the running version survives
 */
public record RejectedExtension(String ramal, String reason, boolean enabled, boolean settingsOnly) {

    /** A refused entry that is (or may be) enabled. */
    public RejectedExtension(String ramal, String reason) {
        this(ramal, reason, true);
    }

    /** An entry refused for its own fields (name, address, mode, tuning...). */
    public RejectedExtension(String ramal, String reason, boolean enabled) {
        this(ramal, reason, enabled, false);
    }
}
