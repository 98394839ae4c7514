package io.ramal.gateway.relay;

/**
 * Why the relay port refused a connection, each counted apart ({@link RelayStats#refused}) and
 * named in the {@code relay refused} line. Every refusal happens before any audio is read or sent.
 */
public enum RelayRefusal {
    /** The header's lengths, version, names (strict UTF-8), role or rate do not parse. */
    BAD_HEADER("bad-header"),
    /** The header's MAC does not match: another secret, or a byte changed on the way. */
    BAD_MAC("bad-mac"),
    /** The header names another call than the id frame before it. */
    WRONG_CALL("wrong-call"),
    /** The header was sent more than {@link RelayHeader#MAX_SKEW} from this node's clock: a replay, or clocks apart. */
    EXPIRED("expired"),
    /** No id and header within the handshake timeout, or the peer closed before sending them. */
    NO_HEADER("no-header"),
    /** Audio came before the header. */
    AUDIO_BEFORE_HEADER("audio-before-header"),
    /** Some other frame came first, or bytes that are no AudioSocket frame. */
    PROTOCOL_ERROR("protocol-error"),
    /** A valid header for a queue this node does not own: answered with {@link RelayServer#ERROR_NOT_OWNER}. */
    NOT_OWNER("not-owner");

    private final String label;

    RelayRefusal(String label) {
        this.label = label;
    }

    /** The name in logs and metrics labels. */
    public String label() {
        return label;
    }
}
