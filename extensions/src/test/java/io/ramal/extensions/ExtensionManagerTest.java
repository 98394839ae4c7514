package io.ramal.extensions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The manager's decisions against an in-memory store and listener factory. */
class ExtensionManagerTest {

    /** A store whose content and availability the test sets. */
    static final class MemoryStore implements ExtensionStore {
        volatile List<Extension> extensions = new ArrayList<>();
        volatile List<RejectedExtension> rejected = new ArrayList<>();
        volatile boolean down;
        volatile Runnable onChange = () -> { };

        void set(Extension... e) {
            extensions = List.of(e);
            onChange.run();
        }

        @Override
        public ExtensionSnapshot load() throws StoreException {
            if (down) {
                throw new StoreException("connection refused");
            }
            return new ExtensionSnapshot(extensions, rejected);
        }

        @Override
        public void watch(Runnable onChange) {
            this.onChange = onChange;
        }

        @Override
        public void add(Extension extension) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(Extension extension) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(String ramal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }

    /** A listener that only records what happens to it. */
    static final class FakeListener implements Listener {
        volatile Extension extension;
        volatile boolean accepting = true;
        volatile int calls;
        final CompletableFuture<Void> drained = new CompletableFuture<>();

        FakeListener(Extension e) {
            extension = e;
        }

        @Override
        public Extension extension() {
            return extension;
        }

        @Override
        public void update(Extension e) {
            extension = e;
        }

        @Override
        public CompletableFuture<Void> stopAccepting() {
            accepting = false;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> drain(Duration timeout) {
            accepting = false;
            if (calls == 0) {
                drained.complete(null);
            }
            return drained;
        }

        @Override
        public int activeCalls() {
            return calls;
        }
    }

    /** Binds instantly; ports in {@code taken} fail as if another process held them. */
    static final class FakeFactory implements ListenerFactory {
        final Set<Integer> taken = ConcurrentHashMap.newKeySet();
        final List<FakeListener> bound = new CopyOnWriteArrayList<>();
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Listener> bind(Extension e) {
            attempts.add(e.port());
            if (taken.contains(e.port())) {
                return CompletableFuture.failedFuture(new BindException("Address already in use (" + e.address() + ")"));
            }
            for (FakeListener l : bound) {
                if (l.accepting && l.extension.port() == e.port()) {
                    return CompletableFuture.failedFuture(new BindException("Address already in use (by ourselves)"));
                }
            }
            FakeListener l = new FakeListener(e);
            bound.add(l);
            return CompletableFuture.completedFuture(l);
        }

        FakeListener live(int port) {
            return bound.stream().filter(l -> l.accepting && l.extension.port() == port).findFirst().orElse(null);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final FakeFactory factory = new FakeFactory();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private ExtensionManager manager;

    private static Extension echo(String ramal, int port) {
        return new Extension(ramal, "127.0.0.1", port, Mode.ECHO, Map.of(), null, true, "");
    }

    private ExtensionManager start() throws Exception {
        ExtensionsConfig cfg = ExtensionsConfig.from(Map.of("retry-min", "20ms", "retry-max", "80ms",
                "sweep-interval", "1h", "drain-timeout", "1s"));
        manager = new ExtensionManager(store, factory, cfg,
                (p, c) -> events.add(c.ramal() + ":" + c.state()), null);
        manager.start(Duration.ofSeconds(5));
        return manager;
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.stop(Duration.ZERO);
        }
    }

    private ListenerStatus status(String ramal) {
        return manager.statuses().stream().filter(s -> s.ramal().equals(ramal)).findFirst().orElse(null);
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void portInUseFailsOnlyThatExtensionAndIsRetriedWithBackOff() throws Exception {
        store.extensions = List.of(echo("1", 40001), echo("2", 40002), echo("3", 40003));
        factory.taken.add(40002);
        start();
        assertEquals(ListenerState.BOUND, status("1").state());
        assertEquals(ListenerState.BOUND, status("3").state());
        assertEquals(ListenerState.FAILED, status("2").state());
        assertTrue(status("2").reason().contains("Address already in use"), status("2").reason());
        await("retried with back-off", () -> factory.attempts.stream().filter(p -> p == 40002).count() >= 3);
        assertTrue(status("2").attempts() >= 2);
        factory.taken.remove(40002);
        await("bound once the port is free", () -> status("2").state() == ListenerState.BOUND);
        assertEquals(0, status("2").attempts());
        assertTrue(events.contains("2:FAILED") && events.indexOf("2:BOUND") > events.indexOf("2:FAILED"), events.toString());
    }

    @Test
    void disabledExtensionDrainsItsCallsThenStops() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener l = factory.live(40001);
        l.calls = 1;
        store.set(new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of(), null, false, ""));
        await("draining", () -> status("1").state() == ListenerState.DRAINING);
        assertTrue(!l.accepting, "stops accepting at once");
        l.calls = 0;
        l.drained.complete(null);
        await("stopped", () -> status("1").state() == ListenerState.STOPPED);
    }

    @Test
    void changedPortBindsTheNewOneThenDrainsTheOld() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener old = factory.live(40001);
        store.set(echo("1", 40011));
        await("moved", () -> factory.live(40011) != null && !old.accepting);
        await("state follows", () -> status("1").extension().port() == 40011);
        assertEquals(ListenerState.BOUND, status("1").state());
    }

    @Test
    void changedTuningOnTheSamePortClosesTheOldSocketFirst() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener old = factory.live(40001);
        store.set(new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of(), new TuningOverrides(10, null, null, null,
                null, null, null), true, ""));
        await("re-bound", () -> factory.live(40001) != null && factory.live(40001) != old);
        assertEquals(10, factory.live(40001).extension.tuning().backlog());
        await("bound", () -> status("1").state() == ListenerState.BOUND);
    }

    @Test
    void changedSettingsUpdateTheListenerInPlace() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener l = factory.live(40001);
        store.set(new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of("format", "slin16"), null, true, "new"));
        await("updated", () -> "new".equals(l.extension.description()));
        assertEquals(1, factory.bound.size(), "no re-bind");
    }

    @Test
    void removedExtensionDrainsAndDisappears() throws Exception {
        store.extensions = List.of(echo("1", 40001), echo("2", 40002));
        start();
        store.set(echo("2", 40002));
        await("gone", () -> status("1") == null);
        assertTrue(!factory.bound.get(0).accepting);
        assertEquals(ListenerState.BOUND, status("2").state());
    }

    @Test
    void refusedEntryIsFailedWithItsReasonAndNeverBound() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        store.rejected = List.of(new RejectedExtension("9", "unknown mode 'fax'"));
        start();
        assertEquals(ListenerState.FAILED, status("9").state());
        assertEquals("unknown mode 'fax'", status("9").reason());
        assertEquals(List.of(40001), factory.attempts);
    }

    @Test
    void storeOutageKeepsListenersServingAndChangesApplyWhenItReturns() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        store.down = true;
        store.onChange.run();
        Thread.sleep(300);
        assertEquals(ListenerState.BOUND, status("1").state());
        assertTrue(factory.live(40001).accepting);
        store.extensions = List.of(echo("1", 40001), echo("2", 40002));
        store.down = false;
        store.onChange.run();
        await("picked up", () -> status("2") != null && status("2").state() == ListenerState.BOUND);
    }

    @Test
    void unreadableStoreWithoutCacheStopsStartUp() {
        store.down = true;
        ExtensionManager m = new ExtensionManager(store, factory, ExtensionsConfig.DEFAULTS, ListenerEvents.NONE, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.start(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }
}
