package io.ramal.gateway.call;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The listener side of sessions on embedded channels, without sockets: echo extension 9000, the
 * settings the test gives, a handler per call from the test's supplier, counters to assert on,
 * and how many sessions are registered now. Tests may swap {@link #pacers} before the first
 * call (to share one loop's pacer between embedded channels).
 */
final class TestOwner implements CallOwner {

    final CallCounters counters = new CallCounters();
    final CallSettings settings;
    final Extension ext = new Extension("9000", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true, "");
    private final Supplier<CallHandler> handlers;
    Pacers pacers = new Pacers();
    int registered;

    TestOwner(CallSettings settings, Supplier<CallHandler> handlers) {
        this.settings = settings;
        this.handlers = handlers;
    }

    @Override
    public Extension extension() {
        return ext;
    }

    @Override
    public CallHandler newHandler(Call call) {
        return handlers.get();
    }

    @Override
    public CallSettings settings() {
        return settings;
    }

    @Override
    public Pacers pacers() {
        return pacers;
    }

    @Override
    public CallCounters counters() {
        return counters;
    }

    @Override
    public Admission register(CallSession session, java.net.InetAddress source) {
        registered++;
        return Admission.ACCEPTED;
    }

    @Override
    public Admission startCall(CallSession session) {
        return Admission.ACCEPTED;
    }

    @Override
    public void unregister(CallSession session) {
        registered--;
    }
}
