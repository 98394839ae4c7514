package io.ramal.gateway;

import io.ramal.extensions.Extension;
import io.ramal.gateway.call.Admission;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallOwner;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.call.CallSession;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.Pacers;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.relay.RelayAnswer;

import java.net.InetAddress;
import java.util.function.Function;

/**
 * The owner of one leg that another node relayed here, verified by the relay's handshake: it
 * runs as a local call of its queue or agent extension, with this node's call settings, pacers
 * and that extension's counters. No allowlist or slot check applies (the relaying node admitted
 * the call; the cluster secret admitted the node), and no call record is written here: the
 * node where Asterisk's call is writes it, so each call has one record however often its queue
 * moved.
 */
final class RelayedLegs implements CallOwner {

    private final Extension extension;
    private final Function<Call, CallHandler> handler;
    private final boolean caller;
    private final NettyListenerFactory factory;
    private final CallRecorder recorder;
    private final Runnable ended;
    /** The relayed connection's session, known once it registers (before its id frame). */
    private volatile CallSession session;

    /**
     * @param caller true for a caller's leg: the relaying node is told of its answer ({@link RelayAnswer})
     * @param ended  told once when the leg's connection closes
     */
    RelayedLegs(Extension extension, Function<Call, CallHandler> handler, boolean caller, NettyListenerFactory factory,
                CallRecorder recorder, Runnable ended) {
        this.extension = extension;
        this.handler = handler;
        this.caller = caller;
        this.factory = factory;
        this.recorder = recorder;
        this.ended = ended;
    }

    @Override
    public Extension extension() {
        return extension;
    }

    @Override
    public CallHandler newHandler(Call call) {
        CallHandler h = handler.apply(call);
        return caller ? RelayAnswer.reporting(h, () -> session.channel()) : h;
    }

    @Override
    public CallSettings settings() {
        return factory.settings();
    }

    @Override
    public Pacers pacers() {
        return factory.pacers();
    }

    @Override
    public CallCounters counters() {
        return factory.counters(extension.ramal());
    }

    @Override
    public CallRecorder recorder() {
        return recorder;
    }

    @Override
    public Admission register(CallSession session, InetAddress source) {
        this.session = session;
        return Admission.ACCEPTED;
    }

    @Override
    public Admission startCall(CallSession session) {
        return Admission.ACCEPTED;
    }

    @Override
    public void unregister(CallSession session) {
        ended.run();
    }
}
