package io.ramal.gateway.ai;

import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;

import java.util.Optional;

/**
 * Where an AI call can be moved: the agent's {@code transfer} request and the extension's
 * fallback name a target (a queue, or another extension), and this lookup turns the name into
 * the handler that takes the call over. The gateway wires it to the attendant queue and the
 * extension manager; tests give a map.
 *
 * <p>Called on the call's event loop: it must not block.
 */
@FunctionalInterface
public interface TransferTargets {

    /** No target exists: every transfer fails and fallbacks hang up after their prompt. */
    TransferTargets NONE = (name, call) -> Optional.empty();

    /**
     * A new handler for {@code call} at {@code target}, or empty when no such target exists.
     *
     * @param target the name the agent or the fallback gave: a queue name or a ramal
     * @param call   the call being moved
     */
    Optional<CallHandler> find(String target, Call call);
}
