package io.ramal.gateway.handler;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Which handler answers each {@link Mode}. The gateway registers one factory per mode it
 * supports at start-up; a listener for a mode with no factory, or that its mode's check refuses
 * (settings not of the mode's type, the mode's module unavailable), is refused at bind time with
 * the reason, so it shows as FAILED rather than failing every call. The settings themselves were
 * parsed when the entry was read (the gateway root's {@code Modes}).
 */
public final class Handlers {

    private final Map<Mode, Function<Call, CallHandler>> factories = new EnumMap<>(Mode.class);
    private final Map<Mode, Consumer<Extension>> checks = new EnumMap<>(Mode.class);

    /** Handlers with only the echo line. */
    public static Handlers withEcho() {
        return new Handlers().register(Mode.ECHO, call -> new EchoHandler());
    }

    /** Registers (or replaces) the factory of {@code mode}. Not for use once serving. */
    public Handlers register(Mode mode, Function<Call, CallHandler> factory) {
        factories.put(mode, factory);
        return this;
    }

    /**
     * Registers the factory of {@code mode} and the check of its extensions, run before a
     * listener of that mode binds or is updated. Not for use once serving.
     *
     * @param check throws {@link IllegalArgumentException} saying why the extension cannot be served
     */
    public Handlers register(Mode mode, Function<Call, CallHandler> factory, Consumer<Extension> check) {
        checks.put(mode, check);
        return register(mode, factory);
    }

    /**
     * Checks that {@code ext} can be served: its mode has a handler and passes the mode's check.
     *
     * @throws IllegalArgumentException saying why not
     */
    public void check(Extension ext) {
        if (!supports(ext.mode())) {
            throw new IllegalArgumentException("mode " + ext.mode().wireName() + " has no handler in this gateway");
        }
        Consumer<Extension> c = checks.get(ext.mode());
        if (c != null) {
            c.accept(ext);
        }
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
