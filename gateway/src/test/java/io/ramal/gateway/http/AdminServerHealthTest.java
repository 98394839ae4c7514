package io.ramal.gateway.http;

import io.ramal.extensions.ListenerState;
import io.ramal.extensions.ListenerStatus;
import io.ramal.extensions.Mode;
import io.ramal.extensions.StoreHealth;
import io.ramal.extensions.StoreHealth.ServingFrom;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.config.HttpSettings;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What {@code /health} says, from the listeners' states and the store's health. */
class AdminServerHealthTest {

    private final List<ListenerReport> reports = new ArrayList<>();
    private StoreHealth store = new StoreHealth("postgres", true, null, ServingFrom.STORE, null);

    private Map<String, Object> health() {
        Supplier<List<ListenerReport>> r = () -> List.copyOf(reports);
        return new AdminServer(new HttpSettings(true, "127.0.0.1", 0, ""), r, () -> store, new GatewayMetrics(r))
                .health();
    }

    private void listener(String ramal, ListenerState state) {
        ListenerStatus st = new ListenerStatus(ramal, TestGateway.extension(ramal, 40000, Mode.ECHO), state, null,
                Instant.now(), 0);
        reports.add(ListenerReport.of(st, new CallCounters(), null));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> storeOf(Map<String, Object> h) {
        return (Map<String, Object>) h.get("store");
    }

    @Test
    void upWhenEveryListenerIsBoundAndTheStoreIsUp() {
        listener("1", ListenerState.BOUND);
        Map<String, Object> h = health();
        assertEquals("UP", h.get("status"));
        assertEquals(1L, h.get("bound"));
        assertEquals(1L, h.get("configured"));
        assertEquals("postgres", storeOf(h).get("kind"));
        assertEquals(true, storeOf(h).get("up"));
        assertEquals("store", storeOf(h).get("serving-from"));
        assertNull(storeOf(h).get("down-since"));
        assertNull(storeOf(h).get("last-error"));
    }

    @Test
    void anEmptyStoreThatIsUpIsHealthy() {
        assertEquals("UP", health().get("status"));
    }

    @Test
    void downWhenExtensionsAreConfiguredAndNoneIsBound() {
        listener("1", ListenerState.STARTING);
        assertEquals("DOWN", health().get("status"));
    }

    @Test
    void downWhenTheStoreIsDownAndNothingServes() {
        Instant since = Instant.parse("2026-11-30T22:00:00Z");
        store = new StoreHealth("postgres", false, since, ServingFrom.NONE, "Connection refused");
        Map<String, Object> h = health();
        assertEquals("DOWN", h.get("status"));
        assertEquals(0L, h.get("configured"));
        assertEquals(false, storeOf(h).get("up"));
        assertEquals("2026-11-30T22:00:00Z", storeOf(h).get("down-since"));
        assertEquals("none", storeOf(h).get("serving-from"));
        assertEquals("Connection refused", storeOf(h).get("last-error"));
    }

    @Test
    void upWhileTheStoreIsDownButItsLastSetOrTheCacheServes() {
        listener("1", ListenerState.BOUND);
        store = new StoreHealth("postgres", false, Instant.now(), ServingFrom.CACHE, "Connection refused");
        Map<String, Object> h = health();
        assertEquals("UP", h.get("status"), "the calls are served; the store section says from where");
        assertEquals("cache", storeOf(h).get("serving-from"));
        store = new StoreHealth("postgres", false, Instant.now(), ServingFrom.STORE, "Connection refused");
        assertEquals("UP", health().get("status"));
    }
}
