package io.ramal.gateway.queue.line;

import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;

import java.util.Optional;

/**
 * Turns a ramal named by a queue's {@code overflow: ramal:<ramal>} into the handler that takes
 * the caller over. The gateway wires it to the extension manager (the named extension's mode
 * and settings, through its {@code Handlers}); tests give a map.
 *
 * <p>Called on the caller's event loop: it must not block.
 */
@FunctionalInterface
public interface ExtensionLookup {

    /** No extension can be reached: overflow to a ramal falls back to the goodbye prompt. */
    ExtensionLookup NONE = (ramal, call) -> Optional.empty();

    /**
     * A new handler for {@code call} as if it had dialled {@code ramal}, or empty when no such
     * extension exists (or it is disabled).
     */
    Optional<CallHandler> find(String ramal, Call call);
}
