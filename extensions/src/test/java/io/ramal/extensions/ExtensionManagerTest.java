package io.ramal.extensions;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ramal.extensions.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manager's decisions against an in-memory store and listener factory. */
class ExtensionManagerTest {

    /** A store whose content and availability the test sets. */
    static final class MemoryStore implements ExtensionStore {
        volatile List<Extension> extensions = new ArrayList<>();
        volatile List<RejectedExtension> rejected = new ArrayList<>();
        volatile boolean down;
        volatile boolean closed;
        volatile Runnable onChange = () -> { };
        final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();

        void set(Extension... e) {
            extensions = List.of(e);
            onChange.run();
        }

        @Override
        public ExtensionSnapshot load() throws StoreException {
            loads.incrementAndGet();
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
            closed = true;
        }
    }

    /** The manager's log lines while open. */
    static final class ManagerLog implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(ExtensionManager.class);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        ManagerLog() {
            appender.start();
            logger.addAppender(appender);
        }

        /** Each line as {@code [LEVEL] message}. */
        List<String> lines() {
            // ListAppender adds under the appender's own lock (AppenderBase.doAppend), not the list's.
        synchronized (appender) {
                return appender.list.stream().map(Object::toString).toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
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

    /**
     * Binds instantly; ports in {@code taken} fail as if another process held them. With
     * {@code hold} set, binds wait until the test completes them through {@link #held}, as a
     * real bind on another thread would.
     */
    static final class FakeFactory implements ListenerFactory {
        final Set<Integer> taken = ConcurrentHashMap.newKeySet();
        final List<FakeListener> bound = new CopyOnWriteArrayList<>();
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        volatile boolean hold;
        final List<Held> held = new CopyOnWriteArrayList<>();

        /** A bind the test completes. */
        record Held(Extension extension, CompletableFuture<Listener> future) {
            FakeListener succeed() {
                FakeListener l = new FakeListener(extension);
                future.complete(l);
                return l;
            }
        }

        @Override
        public CompletableFuture<Listener> bind(Extension e) {
            attempts.add(e.port());
            if (hold) {
                Held h = new Held(e, new CompletableFuture<>());
                held.add(h);
                return h.future();
            }
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

        /** Settings the gateway's handlers would refuse: any extension with {@code bad: true}. */
        @Override
        public void check(Extension e) {
            if (Boolean.TRUE.equals(e.settings().get("bad"))) {
                throw new IllegalArgumentException("settings.bad=true is invalid");
            }
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
        return start(Map.of());
    }

    private ExtensionManager start(Map<String, String> overrides) throws Exception {
        return start(overrides, Duration.ofSeconds(5));
    }

    private ExtensionManager start(Map<String, String> overrides, Duration startTimeout) throws Exception {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("retry-min", "20ms", "retry-max", "80ms",
                "sweep-interval", "1h", "drain-timeout", "1s"));
        m.putAll(overrides);
        manager = new ExtensionManager(store, factory, ExtensionsConfig.from(m),
                (p, c) -> events.add(c.ramal() + ":" + c.state()), null);
        manager.start(startTimeout);
        return manager;
    }

    private static Extension disabled(Extension e) {
        return new Extension(e.ramal(), e.bind(), e.port(), e.mode(), e.settings(), e.tuning(), false, e.description());
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
        Await.until(what, c);
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
    void aBadEditThatWouldMoveTheListenerKeepsTheRunningVersionServing() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener old = factory.live(40001);
        try (ManagerLog log = new ManagerLog()) {
            store.set(new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of("bad", true),
                    new TuningOverrides(10, null, null, null, null, null, null), true, ""));
            await("refused", () -> status("1").state() == ListenerState.SERVING_OLD);
            // Later sweeps find the same bad row: no new warning each time.
            for (int i = 0; i < 3; i++) {
                int loads = store.loads.get();
                store.onChange.run();
                await("reconciled again", () -> store.loads.get() > loads);
            }
            assertEquals(1, log.lines().stream().filter(l -> l.contains("extension update refused")).count(),
                    log.lines().toString());
            // Back to the running version, then the same bad edit again: warned again.
            store.set(echo("1", 40001));
            await("serving again", () -> status("1").state() == ListenerState.BOUND);
            store.set(new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of("bad", true),
                    new TuningOverrides(10, null, null, null, null, null, null), true, ""));
            await("refused again", () -> status("1").state() == ListenerState.SERVING_OLD);
            await("warned again", () -> log.lines().stream().filter(l -> l.contains("extension update refused"))
                    .count() == 2);
        }
        assertTrue(status("1").reason().contains("settings.bad=true"), status("1").reason());
        assertTrue(old.accepting, "the running version still serves");
        assertEquals(1, factory.attempts.size(), "nothing was closed or re-bound");
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
    void changedNodesUpdateTheListenerInPlace() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener l = factory.live(40001);
        store.set(echo("1", 40001).withNodes(List.of("gw-a", "gw-b")));
        await("updated", () -> l.extension.nodes().equals(List.of("gw-a", "gw-b")));
        assertEquals(1, factory.bound.size(), "no re-bind");
        assertTrue(l.accepting);
        assertEquals(ListenerState.BOUND, status("1").state());
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
        await("the manager saw the outage", () -> !manager.storeHealth().up());
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

        // The gateway then closes the manager: quietly, with nothing to drain, and the store closed.
        try (ManagerLog log = new ManagerLog()) {
            m.close();
            assertEquals(List.of(), log.lines(), "no warning on closing");
        }
        assertTrue(store.closed);
    }

    @Test
    void startBindsEveryExtensionInParallelAndWaitsForAll() throws Exception {
        List<Extension> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(echo(Integer.toString(100 + i), 41000 + i));
        }
        store.extensions = many;
        factory.hold = true;
        Thread completer = new Thread(() -> {
            try {
                Await.until("all 20 binds asked for before any completes", () -> factory.held.size() == 20);
                factory.held.forEach(FakeFactory.Held::succeed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        completer.start();
        start();
        completer.join();
        assertEquals(20, factory.held.size(), "every bind was in flight at once");
        assertEquals(20, manager.statuses().stream().filter(st -> st.state() == ListenerState.BOUND).count(),
                "start returned only once all had bound");
    }

    @Test
    void bindCompletingAfterTheExtensionWasDisabledEndsStoppedAndNotListening() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        factory.hold = true;
        start(Map.of(), Duration.ofMillis(50));
        assertEquals(ListenerState.STARTING, status("1").state());
        store.set(disabled(echo("1", 40001)));
        int loads = store.loads.get();
        await("the disable was reconciled", () -> store.loads.get() > loads);
        FakeListener late = factory.held.get(0).succeed();
        await("stopped", () -> status("1").state() == ListenerState.STOPPED);
        assertFalse(late.accepting, "the late listener was let go");
    }

    @Test
    void bindFailingAfterTheExtensionWasRemovedIsNotRetried() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        factory.hold = true;
        start(Map.of("retry-min", "10ms", "retry-max", "10ms"), Duration.ofMillis(50));
        store.set();
        int loads = store.loads.get();
        await("the removal was reconciled", () -> store.loads.get() > loads);
        factory.held.get(0).future().completeExceptionally(new BindException("Address already in use"));
        await("forgotten", () -> status("1") == null);
        int before = factory.attempts.size();
        store.onChange.run();
        int loads2 = store.loads.get();
        await("another reconcile", () -> store.loads.get() > loads2);
        assertEquals(before, factory.attempts.size(), "no retry of a removed extension");
    }

    @Test
    void failedMoveKeepsTheOldListenerAndReconcilesDoNotBypassTheBackOff() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start(Map.of("retry-min", "1h", "retry-max", "1h"));
        FakeListener old = factory.live(40001);
        factory.taken.add(40011);
        store.set(echo("1", 40011));
        await("move failed", () -> status("1").state() == ListenerState.SERVING_OLD);
        assertTrue(status("1").reason().contains("cannot move to 127.0.0.1:40011")
                && status("1").reason().contains("still serving 127.0.0.1:40001"), status("1").reason());
        assertTrue(old.accepting, "the old address keeps serving");
        for (int i = 0; i < 5; i++) {
            int loads = store.loads.get();
            store.onChange.run();
            await("reconciled", () -> store.loads.get() > loads);
        }
        assertEquals(1, factory.attempts.stream().filter(p -> p == 40011).count(),
                "reconciles wait for the back-off instead of re-binding each time");
    }

    @Test
    void aBindNameThatDoesNotResolveFailsWithOneLineAndAMoveToItKeepsTheOldAddress() throws Exception {
        store.extensions = List.of(new Extension("1", "no-such-host.invalid", 40001, Mode.ECHO, Map.of(),
                TuningOverrides.NONE, true, ""), echo("2", 40002));
        start(Map.of("retry-min", "1h", "retry-max", "1h"));
        await("refused", () -> status("1").state() == ListenerState.FAILED);
        assertTrue(status("1").reason().contains("bind=no-such-host.invalid is neither an IP address nor a host name"
                + " that resolves"), status("1").reason());
        assertFalse(factory.attempts.contains(40001), "never handed to the transport");
        FakeListener two = factory.live(40002);
        store.set(new Extension("2", "no-such-host.invalid", 40002, Mode.ECHO, Map.of(), TuningOverrides.NONE,
                true, ""));
        await("serving old", () -> status("2").state() == ListenerState.SERVING_OLD);
        assertTrue(two.accepting, "the old address keeps serving");
    }

    @Test
    void refusedEntryThatIsDisabledIsStoppedWithItsReason() throws Exception {
        store.rejected = List.of(new RejectedExtension("9", "unknown mode 'fax'", false));
        start();
        assertEquals(ListenerState.STOPPED, status("9").state());
        assertEquals("unknown mode 'fax'", status("9").reason());
        assertTrue(factory.attempts.isEmpty());
    }

    @Test
    void runningExtensionWhoseEntryTurnsBadKeepsServingTheOldVersionWithTheReason() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener l = factory.live(40001);
        store.rejected = List.of(new RejectedExtension("1", "settings.url=x is invalid for mode ai"));
        store.set();
        // Issue 17: any edit the gateway cannot serve leaves the running version serving.
        await("serving old with the reason", () -> status("1").state() == ListenerState.SERVING_OLD);
        assertEquals("settings.url=x is invalid for mode ai", status("1").reason());
        assertTrue(l.accepting, "the running version still serves");
        store.rejected = List.of();
        store.set(echo("1", 40001));
        await("bound again once repaired", () -> status("1").state() == ListenerState.BOUND);
    }

    @Test
    void anEditWhoseSettingsItsModeRefusesKeepsTheRunningVersionServing() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener l = factory.live(40001);
        try (ManagerLog log = new ManagerLog()) {
            store.rejected = List.of(new RejectedExtension("1", "unknown key [settings.volume]", true, true));
            store.set();
            await("refused", () -> status("1").state() == ListenerState.SERVING_OLD);
            for (int i = 0; i < 3; i++) {
                int loads = store.loads.get();
                store.onChange.run();
                await("reconciled again", () -> store.loads.get() > loads);
            }
            assertEquals(1, log.lines().stream().filter(x -> x.contains("extension update refused")).count(),
                    log.lines().toString());
        }
        assertEquals("unknown key [settings.volume]", status("1").reason());
        assertTrue(l.accepting, "the running version still serves");
        store.rejected = List.of();
        store.set(echo("1", 40001));
        await("bound again once repaired", () -> status("1").state() == ListenerState.BOUND);
        assertEquals(1, factory.attempts.size(), "nothing was closed or re-bound");
    }

    @Test
    void stopDrainsEveryListenerAndABindStillInFlight() throws Exception {
        store.extensions = List.of(echo("1", 40001));
        start();
        FakeListener l = factory.live(40001);
        factory.hold = true;
        store.set(echo("1", 40001), echo("2", 40002));
        await("bind of 2 in flight", () -> factory.held.size() == 1);
        CompletableFuture<FakeListener> late = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            try {
                Await.until("stop has begun", () -> events.contains("1:DRAINING"));
                late.complete(factory.held.get(0).succeed());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        completer.start();
        manager.stop(Duration.ofSeconds(1));
        completer.join();
        assertFalse(l.accepting);
        FakeListener lateListener = late.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(lateListener.drained.isDone(), "the bind that completed during stop was drained too");
        assertFalse(lateListener.accepting);
        assertEquals(ListenerState.STOPPED, status("1").state());
        assertTrue(events.contains("1:DRAINING") && events.contains("1:STOPPED"), events.toString());
        manager = null;
    }
}
