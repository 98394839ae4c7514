package io.ramal.gateway.queue;

import io.ramal.extensions.Mode;
import io.ramal.gateway.prompt.Prompt;
import io.ramal.gateway.queue.line.ExtensionLookup;
import io.ramal.gateway.queue.match.QueueEvent;
import io.ramal.gateway.queue.match.QueueStats;
import io.ramal.gateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 200 callers and 20 attendant seats arriving and leaving at random: impatient callers hang up,
 * attendants hang up mid-conversation and dial back, callers wait past max-wait or find the
 * queue full. Every caller must end served, abandoned or overflowed exactly once, as far as
 * both the caller's own phone and the matchmaker are concerned, and no attendant may ever be
 * paired with two callers at once.
 */
class QueueStressIT {

    private static final Logger LOG = LoggerFactory.getLogger(QueueStressIT.class);

    /** Callers arrive over this long; the run lasts a few seconds more while the last are served. */
    static final Duration ARRIVALS = Duration.ofSeconds(15);
    static final int CALLERS = 200;
    static final int SEATS = 20;
    static final long SEED = 20260522L;

    private static final int CALLER_VOICE = 20000;
    private static final int ATTENDANT_VOICE = 5000;

    enum Outcome { SERVED, ABANDONED, OVERFLOWED }

    @TempDir
    Path tmp;

    private QueueRig rig;
    private final Random random = new Random(SEED);
    private final Map<UUID, Outcome> outcomes = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Phone> attendants = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean arrivalsOver;
    private ScheduledExecutorService driver;

    @Test
    void everyCallerEndsExactlyOnceAndNoAttendantTalksToTwo() throws Exception {
        rig = new QueueRig(tmp, ExtensionLookup.NONE);
        driver = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "queue-stress-driver");
            t.setDaemon(true);
            return t;
        });
        try {
            run();
        } finally {
            driver.shutdownNow();
            for (Phone p : attendants) {
                p.close();
            }
            rig.close();
        }
    }

    private void run() throws Exception {
        int queue = rig.bind("9100", Mode.QUEUE, Map.of("queue", "suporte", "max-wait", "5s", "wrap-up", "200ms",
                "announce-interval", "2s", "max-callers", 40));
        int agent = rig.bind("9200", Mode.AGENT, Map.of("queues", "suporte"));
        long start = System.nanoTime();
        for (int s = 0; s < SEATS; s++) {
            driver.schedule(() -> seat(agent), random.nextInt(2000), TimeUnit.MILLISECONDS);
        }
        Set<UUID> dialled = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < CALLERS; i++) {
            int voice = CALLER_VOICE + i;
            boolean impatient = random.nextInt(100) < 35;
            long giveUpMs = 300 + random.nextInt(3200);     // always before max-wait (5 s)
            long talkMs = 1000 + random.nextInt(3000);  // more work than 20 seats can take: a queue builds
            long at = random.nextInt((int) ARRIVALS.toMillis());
            driver.schedule(() -> caller(queue, voice, impatient, giveUpMs, talkMs, dialled), at, TimeUnit.MILLISECONDS);
        }
        driver.schedule(() -> arrivalsOver = true, ARRIVALS.toMillis(), TimeUnit.MILLISECONDS);

        long deadline = System.nanoTime() + ARRIVALS.toNanos() + TimeUnit.SECONDS.toNanos(45);
        while (outcomes.size() + problems.size() < CALLERS) {
            if (System.nanoTime() > deadline) {
                fail("after " + (System.nanoTime() - start) / 1_000_000 + " ms only " + outcomes.size() + " of "
                        + CALLERS + " callers ended; problems " + problems + "; stats " + rig.module.snapshot(false));
            }
            rig.checkInvariants(); // no attendant paired with two callers, no dead pairs, on the matchmaker's thread
            Thread.sleep(200);
        }
        assertEquals(List.of(), problems);
        for (Phone a : attendants) {
            a.hangUp();
        }
        Await.until(Duration.ofSeconds(10), "every attendant logged out",
                () -> rig.module.snapshot(false).get(0).attendants() == 0);
        LOG.info("queue stress run took {} ms with {} attendant sessions",
                (System.nanoTime() - start) / 1_000_000, sessions.get());

        check();
    }

    /** One caller's life, polled every 50 ms. */
    private void caller(int port, int voice, boolean impatient, long giveUpMs, long talkMs, Set<UUID> dialled) {
        Phone p;
        try {
            p = Phone.dial(port, voice).talk(rig.scheduler, 60);
        } catch (Exception e) {
            problems.add("caller " + voice + " could not dial: " + e);
            return;
        }
        dialled.add(p.id);
        long arrived = System.nanoTime();
        long[] connectedAt = {0};
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = driver.scheduleWithFixedDelay(() -> {
            try {
                if (outcomes.containsKey(p.id)) {
                    return;
                }
                long now = System.nanoTime();
                boolean connected = isConnected(p.last());
                if (p.closedByServer()) {
                    List<Integer> heard = p.heard();
                    int last = p.last();
                    if (last == rig.value(Prompt.NO_ATTENDANT) && p.hangupReceived()) {
                        finish(p, Outcome.OVERFLOWED, self[0]);
                    } else {
                        problems.add("caller " + voice + " closed by the gateway unexpectedly, heard "
                                + rig.names(heard));
                        self[0].cancel(false);
                    }
                    return;
                }
                if (connected && connectedAt[0] == 0) {
                    connectedAt[0] = now;
                } else if (!connected) {
                    connectedAt[0] = 0; // requeued: a new conversation will start the talk again
                }
                boolean done = connected ? now - connectedAt[0] >= talkMs * 1_000_000
                        : impatient && now - arrived >= giveUpMs * 1_000_000;
                if (done) {
                    p.hangUp();
                    // What it heard last, up to the gateway's close, decides what it was doing.
                    finish(p, isConnected(p.last()) ? Outcome.SERVED : Outcome.ABANDONED, self[0]);
                }
            } catch (Exception e) {
                problems.add("caller " + voice + ": " + e);
                self[0].cancel(false);
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    private void finish(Phone p, Outcome o, ScheduledFuture<?> task) throws Exception {
        outcomes.put(p.id, o);
        task.cancel(false);
        p.close();
    }

    private boolean isConnected(int last) {
        return last == rig.value(Prompt.CONNECTING) || last == rig.value(Prompt.CONNECT_TONE)
                || (last >= ATTENDANT_VOICE && last < ATTENDANT_VOICE + 1000);
    }

    /** One attendant seat: log in, stay a while, hang up (maybe mid-conversation), come back. */
    private void seat(int port) {
        Phone a;
        try {
            a = Phone.dial(port, ATTENDANT_VOICE + sessions.incrementAndGet()).talk(rig.scheduler, 60);
        } catch (Exception e) {
            problems.add("attendant could not dial: " + e);
            return;
        }
        attendants.add(a);
        long stay;
        synchronized (random) {
            stay = 1500 + random.nextInt(4500);
        }
        driver.schedule(() -> {
            if (arrivalsOver) {
                return; // the last shift stays until every caller is done
            }
            try {
                a.hangUp();
                checkAttendant(a);
                attendants.remove(a);
            } catch (Exception e) {
                problems.add("attendant hangup: " + e);
            }
            long back;
            synchronized (random) {
                back = 200 + random.nextInt(800);
            }
            driver.schedule(() -> seat(port), back, TimeUnit.MILLISECONDS);
        }, stay, TimeUnit.MILLISECONDS);
    }

    /** Between two connect tones an attendant heard at most one caller. */
    private void checkAttendant(Phone a) {
        Set<Integer> voices = new HashSet<>();
        for (int v : a.heard()) {
            if (v == rig.value(Prompt.CONNECT_TONE)) {
                voices.clear();
            } else if (v >= CALLER_VOICE) {
                voices.add(v);
                if (voices.size() > 1) {
                    problems.add("attendant " + a.voice + " heard callers " + voices + " in one conversation");
                }
            }
        }
    }

    private void check() {
        for (Phone a : attendants) {
            checkAttendant(a);
        }
        assertEquals(List.of(), problems);
        assertEquals(CALLERS, outcomes.size(), "every caller ended");

        Map<UUID, List<QueueEvent.Type>> ends = new HashMap<>();
        Map<UUID, UUID> talking = new HashMap<>(); // attendant -> caller in conversation
        List<QueueEvent> events;
        synchronized (rig.events) {
            events = new ArrayList<>(rig.events);
        }
        for (QueueEvent e : events) {
            if (e.type().endsStay()) {
                ends.computeIfAbsent(e.caller(), k -> new ArrayList<>()).add(e.type());
            }
            if (e.attendant() == null || e.caller() == null) {
                continue;
            }
            switch (e.type()) {
                case CONNECT -> {
                    UUID busy = talking.put(e.attendant(), e.caller());
                    if (busy != null) {
                        problems.add("attendant " + e.attendant() + " connected to " + e.caller() + " while talking to "
                                + busy);
                    }
                }
                case COMPLETE_BY_CALLER, COMPLETE_BY_ATTENDANT, REQUEUE -> {
                    if (!e.caller().equals(talking.get(e.attendant())) && e.type() != QueueEvent.Type.REQUEUE) {
                        problems.add(e.type() + " of " + e.caller() + " but attendant " + e.attendant() + " talked to "
                                + talking.get(e.attendant()));
                    }
                    talking.remove(e.attendant());
                }
                default -> { }
            }
        }
        Map<Outcome, Integer> client = new EnumMap<>(Outcome.class);
        for (Map.Entry<UUID, Outcome> o : outcomes.entrySet()) {
            client.merge(o.getValue(), 1, Integer::sum);
            List<QueueEvent.Type> t = ends.getOrDefault(o.getKey(), List.of());
            if (t.size() != 1) {
                problems.add("caller " + o.getKey() + " (" + o.getValue() + ") has end events " + t);
                continue;
            }
            Outcome server = switch (t.get(0)) {
                case COMPLETE_BY_CALLER, COMPLETE_BY_ATTENDANT -> Outcome.SERVED;
                case ABANDON -> Outcome.ABANDONED;
                default -> Outcome.OVERFLOWED;
            };
            if (server != o.getValue()) {
                problems.add("caller " + o.getKey() + " says " + o.getValue() + ", the matchmaker " + t.get(0)
                        + "; events " + rig.typesOf(o.getKey()));
            }
        }
        assertEquals(CALLERS, ends.size(), "end events for exactly the callers who dialled");
        assertEquals(List.of(), problems);

        QueueStats st = rig.module.snapshot(false).get(0);
        LOG.info("queue stress outcomes client={} matchmaker answered={} completed={} abandoned={} overflowed={} "
                        + "requeued={}", client, st.answeredTotal(), st.completedTotal(), st.abandonedTotal(),
                st.overflowedTotal(), st.requeuedTotal());
        assertEquals(client.getOrDefault(Outcome.SERVED, 0), (int) st.completedTotal(), "served");
        assertEquals(client.getOrDefault(Outcome.ABANDONED, 0), (int) st.abandonedTotal(), "abandoned");
        assertEquals(client.getOrDefault(Outcome.OVERFLOWED, 0), (int) st.overflowedTotal(), "overflowed");
        for (Outcome o : Outcome.values()) {
            assertTrue(client.getOrDefault(o, 0) > 0, "the run exercised " + o + ": " + client);
        }
        assertEquals(0, st.waiting());
        assertEquals(Collections.emptyList(), problems);
    }
}
