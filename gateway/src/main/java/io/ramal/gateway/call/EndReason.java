package io.ramal.gateway.call;

/** How a call ended, as the call summary and the counters report it. */
public enum EndReason {
    /** Asterisk closed the connection: the caller hung up (or was transferred away). */
    REMOTE_HANGUP("remote-hangup"),
    /** The handler or an admin action ended the call; the hangup frame was sent. */
    LOCAL_HANGUP("local-hangup"),
    /**
     * The handler's leg ended because the call moved on to another handler (AI to queue, a
     * fallback); the call itself goes on. Only handlers see it, in {@code onEnd}.
     */
    TRANSFERRED("transferred"),
    /** The peer stopped sending past the idle timeout. */
    IDLE_TIMEOUT("idle-timeout"),
    /** The peer broke the protocol (unknown kind, bad length, audio before the id...). */
    PROTOCOL_ERROR("protocol-error"),
    /** The caller changed its audio kind more often than {@code call.max-format-changes-per-second}. */
    FORMAT_FLAPPING("format-flapping"),
    /** Asterisk sent an error frame. */
    PEER_ERROR("peer-error"),
    /** The listener was drained and the drain timeout passed. */
    DRAINED("drained"),
    /** The gateway is shutting down. */
    SHUTDOWN("shutdown"),
    /** An unexpected failure in the gateway; logged at ERROR. */
    INTERNAL_ERROR("internal-error"),
    /** The call lasted {@code call.max-duration}. */
    MAX_DURATION("max-duration"),
    /** The peer read nothing of what we sent for {@code call.write-stall-timeout}. */
    WRITE_STALL("write-stall"),
    /**
     * The call's queue moved to another node: the connection was closed without a hangup frame,
     * so that the node which relayed the call here re-enters it with the new owner.
     */
    MOVED("moved");

    private final String label;

    EndReason(String label) {
        this.label = label;
    }

    /** The name used in logs and metrics labels. */
    public String label() {
        return label;
    }
}
