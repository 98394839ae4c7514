package io.ramal.gateway.config;

import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.SocketTuning;

import java.util.Map;

/**
 * Reads the {@code listener:} section, the socket tuning every extension gets unless its row
 * overrides a key, into a {@link SocketTuning}. The keys are the ones an extension's
 * {@code tuning} object uses.
 */
public final class ListenerDefaults {

    private ListenerDefaults() {
    }

    public static SocketTuning from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("listener", values);
        SocketTuning d = SocketTuning.DEFAULTS;
        SocketTuning t = new SocketTuning(
                s.integer("backlog", d.backlog(), 1, 65535),
                s.bool("reuse-address", d.reuseAddress()),
                s.bytes("receive-buffer", d.receiveBuffer()),
                s.bytes("send-buffer", d.sendBuffer()),
                s.bool("tcp-nodelay", d.tcpNoDelay()),
                s.bytes("write-buffer-low", d.writeBufferLow()),
                s.bytes("write-buffer-high", d.writeBufferHigh()));
        s.finish();
        return t;
    }
}
