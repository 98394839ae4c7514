package io.ramal.gateway.handler;

import io.ramal.extensions.Mode;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which handler answers each {@link Mode}. The gateway registers one factory per mode it
 * supports at start-up; a listener for a mode with no factory is refused at bind time with a
 * reason naming the mode, so it shows as FAILED rather than failing every call.
 */
public final class Handlers {

    private final Map<Mode, Function<Call, CallHandler>> factories = new EnumMap<>(Mode.class);

    /** Handlers with only the echo line. */
    public static Handlers withEcho() {
        return new Handlers().register(Mode.ECHO, call -> new EchoHandler());
    }

    /** Registers (or replaces) the factory of {@code mode}. Not for use once serving. */
    public Handlers register(Mode mode, Function<Call, CallHandler> factory) {
        factories.put(mode, factory);
        return this;
    }

    /** True when {@code mode} has a handler. */
    public boolean supports(Mode mode) {
        return factories.containsKey(mode);
    }

    /**
     * A new handler for {@code call}, by its extension's mode.
     *
     * @throws IllegalStateException when the mode has no handler
     */
    public CallHandler create(Call call) {
        Function<Call, CallHandler> f = factories.get(call.extension().mode());
        if (f == null) {
            throw new IllegalStateException("mode " + call.extension().mode().wireName() + " has no handler in this gateway");
        }
        return f.apply(call);
    }
}
