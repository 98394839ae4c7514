package io.ramal.gateway.ai;

import java.util.Locale;

/**
 * How audio travels to and from the agent: the {@code protocol} setting of an {@code ai} extension.
 * Each names the {@link AgentWire} that speaks it on a call.
 */
public enum AgentProtocol {
    /** Twilio Media Streams: JSON text frames, audio as base64 mu-law 8 kHz in {@code media} messages. */
    TWILIO,
    /** slin binary WebSocket frames both ways at the agent's rate; JSON text frames for control. */
    RAW;

    /**
     * A new stream of this protocol whose JSON messages {@code json} writes: the object that
     * encodes the caller's side and decodes the agent's.
     */
    AgentWire wire(MediaStreamWriter json) {
        return switch (this) {
            case TWILIO -> new TwilioMediaStreams(json);
            case RAW -> new RawAudio(json);
        };
    }

    /** The name as written in settings. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a protocol name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the protocols allowed
     */
    public static AgentProtocol parse(String key, String value) {
        for (AgentProtocol p : values()) {
            if (p.wireName().equalsIgnoreCase(value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException(key + "=" + value + " is invalid, allowed: twilio, raw");
    }
}
