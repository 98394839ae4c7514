package io.ramal.gateway.call;

import io.ramal.extensions.Extension;
import io.ramal.extensions.LogText;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.UUID;

/**
 * Who is calling and where: the identity of one AudioSocket call, fixed when its id frame
 * arrives. Every log line about a call starts with {@link #logPrefix()}.
 *
 * @param id        the UUID Asterisk sent first
 * @param extension the extension as it was when the call started (later edits apply to new calls)
 * @param remote    the Asterisk side of the connection
 * @param startedAt when the id frame arrived
 */
public record Call(UUID id, Extension extension, SocketAddress remote, Instant startedAt) {

    /** {@code call=<uuid> ramal=<name>}, the prefix of every call-related log line (the name escaped). */
    public String logPrefix() {
        return "call=" + id + " ramal=" + LogText.escape(extension.ramal());
    }
}
