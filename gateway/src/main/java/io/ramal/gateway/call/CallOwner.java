package io.ramal.gateway.call;

import io.ramal.extensions.Extension;

/**
 * What a {@link CallSession} needs from the listener that accepted it: the extension as it is
 * now, a handler for a new call, the settings, the counters, and to be told when calls start
 * and end (for draining and active-call counts). Implemented by the gateway's listener.
 */
public interface CallOwner {

    /** The extension as configured now; a call fixes it when it starts. */
    Extension extension();

    /** A new handler for {@code call}, by the extension's mode. */
    CallHandler newHandler(Call call);

    CallSettings settings();

    Pacers pacers();

    CallCounters counters();

    /** False for the start-up warm-up calls: their ends are not logged as calls. */
    default boolean recordsCalls() {
        return true;
    }

    /** Where the records of its finished calls go. */
    default CallRecorder recorder() {
        return CallRecorder.NONE;
    }

    /**
     * A connection was accepted from {@code source} (null when it has no IP address, as in tests):
     * registers it (draining and shutdown reach it), or says why it is refused (draining, a source
     * outside the allowlist). A refused session is not registered. A registered one holds no call
     * slot yet: until its id frame it costs only its socket, and the handshake timeout ends it.
     */
    Admission register(CallSession session, java.net.InetAddress source);

    /**
     * A registered connection sent its id frame: takes one of the call slots ({@code max-calls},
     * {@code gateway.max-calls}), or says the line is busy. So a flood of connections that never
     * identify takes no slot from the calls that do.
     */
    Admission startCall(CallSession session);

    /** A connection closed, whatever the reason. */
    void unregister(CallSession session);
}
