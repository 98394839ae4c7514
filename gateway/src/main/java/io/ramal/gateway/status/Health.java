package io.ramal.gateway.status;

import io.ramal.extensions.ListenerState;
import io.ramal.extensions.StoreHealth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the gateway is up, in one place for {@code /health}, the wallboard and
 * {@code ramal status}: up when every enabled extension is bound (or serving its old version
 * after a refused edit), unless extensions are configured and none is bound, or the store is
 * down with nothing serving.
 *
 * @param up          the verdict
 * @param bound       listeners accepting calls
 * @param configured  listeners that should be (not stopped, not draining)
 * @param failed      listeners not bound: failed or still starting
 * @param editPending listeners serving the version before a refused edit
 * @param store       the extension store's state
 */
public record Health(boolean up, long bound, long configured, List<ListenerReport> failed,
                     List<ListenerReport> editPending, StoreHealth store) {

    /** The verdict on {@code reports} and {@code store} now. */
    public static Health of(List<ListenerReport> reports, StoreHealth store) {
        List<ListenerReport> failed = reports.stream()
                .filter(r -> r.state() == ListenerState.FAILED || r.state() == ListenerState.STARTING).toList();
        // A refused edit whose old version serves is up: listed apart, so nobody is paged for it.
        List<ListenerReport> pending = reports.stream().filter(r -> r.state() == ListenerState.SERVING_OLD).toList();
        long bound = reports.stream().filter(r -> r.state().accepting()).count();
        long configured = reports.stream().filter(r -> r.state() != ListenerState.STOPPED
                && r.state() != ListenerState.DRAINING).count();
        boolean up = failed.isEmpty() && !(configured > 0 && bound == 0) && !store.servingNothing();
        return new Health(up, bound, configured, failed, pending, store);
    }

    /** The body of {@code /health}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("bound", bound);
        body.put("configured", configured);
        body.put("failed", failed.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ramal", r.ramal());
            m.put("address", r.address());
            m.put("state", r.state().name());
            m.put("reason", r.reason());
            return m;
        }).toList());
        body.put("edit-pending", editPending.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ramal", r.ramal());
            m.put("address", r.address());
            m.put("reason", r.reason());
            return m;
        }).toList());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", store.kind());
        s.put("up", store.up());
        s.put("down-since", store.downSince() == null ? null : store.downSince().toString());
        s.put("serving-from", store.servingFrom().label());
        s.put("last-error", store.lastError());
        body.put("store", s);
        return body;
    }
}
