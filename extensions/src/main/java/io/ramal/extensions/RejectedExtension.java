package io.ramal.extensions;

/**
 * A row or file entry that could not become an {@link Extension}: it is refused alone, and its
 * reason is shown in the listener states, the status log and {@code ramal extensions list}.
 *
 * @param ramal  the entry's name as written, or a placeholder such as {@code #3} when even that
 *               is missing
 * @param reason what is wrong, naming the key, the value and what is allowed
 */
public record RejectedExtension(String ramal, String reason) {
}
