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
 */
public record RejectedExtension(String ramal, String reason, boolean enabled) {

    /** A refused entry that is (or may be) enabled. */
    public RejectedExtension(String ramal, String reason) {
        this(ramal, reason, true);
    }
}
