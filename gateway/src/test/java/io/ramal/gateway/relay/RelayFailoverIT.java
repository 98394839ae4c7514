package io.ramal.gateway.relay;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relayed call whose owner goes away stays up and finds the next owner: another node, with the
 * same arrival time; this node, through the local handler; or the same node once it owns the
 * queue again after saying it did not.
 */
class RelayFailoverIT {

    private static final ExecutorService CALLER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "relay-it-caller");
        t.setDaemon(true);
        return t;
    });

    /** A 5 s call to the node, running while the test moves the owner. */
    private static Future<CallRunner.Result> call(RelayNodes n, UUID id) {
        return call(n, id, 5000);
    }

    private static Future<CallRunner.Result> call(RelayNodes n, UUID id, int millis) {
        return CALLER.submit(() -> CallRunner.run(new CallRunner.Plan(n.nodeAddress(), id, AudioFormat.SLIN_8K,
                RelayIT.noise(AudioFormat.SLIN_8K, millis), Duration.ofMillis(millis), Map.of(), Duration.ofMillis(300))));
    }

    private static long count(LogCapture log, String... parts) {
        return log.messages().stream().filter(m -> java.util.Arrays.stream(parts).allMatch(m::contains)).count();
    }

    @Test
    void anOwnerKilledMidCallIsReplacedByTheNextWithTheSameArrivalAndTheCallStaysUp() throws Exception {
        try (RelayNodes n = new RelayNodes(); LogCapture log = new LogCapture("io.ramal.gateway.relay")) {
            RelayServer a = n.relayPort(new RelayNodes.Targets(n.ownerListener));
            RelayNodes.Targets cTargets = new RelayNodes.Targets(n.ownerListener);
            RelayServer c = n.relayPort(cTargets);
            n.route.set(RelayNodes.to("node-a", a));
            UUID id = UUID.randomUUID();
            Future<CallRunner.Result> running = call(n, id);
            Await.until(Duration.ofSeconds(5), "the call on owner a", () -> n.ownerCalls(id).size() == 1
                    && n.ownerCalls(id).get(0).frames.get() >= 10);

            a.close(); // its connections close without a hangup frame: the owner is gone
            Await.until(Duration.ofSeconds(5), "the leg sees its owner lost", () -> n.nodeStats.legsLost() == 1);
            // The route still names the dead owner for a while, as it does until its lease runs out.
            Thread.sleep(500);
            n.route.set(RelayNodes.to("node-c", c));
            Await.until(Duration.ofSeconds(5), "the leg re-enters with owner c", () -> cTargets.headers.size() == 1);

            CallRunner.Result r = running.get(30, TimeUnit.SECONDS);
            assertFalse(r.hangupReceived() || r.closedByServer(), "the caller's call stayed up: " + r.summary());
            RelayHeader h = cTargets.headers.get(0);
            assertEquals(id, h.call());
            assertEquals(n.arrivedAt, h.arrivedAtMillis(), "the same arrival time: the caller keeps its place");
            assertEquals(2, n.ownerCalls(id).size(), "one call on each owner");
            RelayNodes.OwnerEcho first = n.ownerCalls(id).get(0);
            RelayNodes.OwnerEcho second = n.ownerCalls(id).get(1);
            assertEquals(EndReason.REMOTE_HANGUP, first.ended, "owner a's call closed under it");
            assertTrue(second.frames.get() >= 25, "owner c heard the caller: " + second.frames.get());
            assertTrue(r.echoedFrames() > first.frames.get(), "the echo went on through owner c: " + r.summary()
                    + " owner-a-frames=" + first.frames.get());
            assertEquals(1, n.nodeStats.legsReentered());
            assertEquals(1, count(log, "relay lost call=" + id, "owner=node-a", "reason=closed"),
                    "one line for the outage, whatever the retries: " + log.messages());
            assertEquals(1, count(log, "relay re-entered call=" + id, "queue=suporte", "owner=node-c", "after-ms="),
                    log.messages().toString());
            Await.until(Duration.ofSeconds(5), "the caller's hangup reached owner c", () -> second.ended != null);
        }
    }

    /** A partition or a power cut sends no FIN: the owner's silence is what tells. */
    @Test
    void anOwnerThatFallsSilentWithoutClosingIsTakenAsGone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RelayNodes n = new RelayNodes(); LogCapture log = new LogCapture("io.ramal.gateway.relay");
             ServerSocket stalled = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread hung = new Thread(() -> {
                try (Socket s = stalled.accept()) {
                    byte[] frame = new byte[3 + 320];
                    frame[0] = AudioSocketKind.AUDIO_8K.byteValue();
                    frame[1] = 0x01;
                    frame[2] = 0x40;
                    java.util.Arrays.fill(frame, 3, frame.length, (byte) 5);
                    s.getOutputStream().write(frame); // one frame: it answered, then it hangs, never closing
                    s.getOutputStream().flush();
                    release.await();
                } catch (Exception e) {
                    // the test ended
                }
            }, "relay-it-hung-owner");
            hung.setDaemon(true);
            hung.start();
            RelayNodes.Targets cTargets = new RelayNodes.Targets(n.ownerListener);
            RelayServer c = n.relayPort(cTargets);
            n.route.set(new Route.Remote("node-x", new InetSocketAddress("127.0.0.1", stalled.getLocalPort())));
            UUID id = UUID.randomUUID();
            Future<CallRunner.Result> running = call(n, id, 7000);
            Await.until(Duration.ofSeconds(10), "the silent owner taken as gone", () -> n.nodeStats.legsLost() == 1);
            n.route.set(RelayNodes.to("node-c", c));
            Await.until(Duration.ofSeconds(5), "the leg re-enters with owner c", () -> cTargets.headers.size() == 1);

            CallRunner.Result r = running.get(30, TimeUnit.SECONDS);
            assertFalse(r.hangupReceived() || r.closedByServer(), r.summary());
            assertEquals(n.arrivedAt, cTargets.headers.get(0).arrivedAtMillis());
            assertTrue(log.has("relay lost call=" + id, "owner=node-x", "reason=owner-silent"), log.messages().toString());
            assertTrue(n.ownerCalls(id).get(0).frames.get() >= 25, "owner c heard the caller");
        } finally {
            release.countDown();
        }
    }

    @Test
    void whenThisNodeBecomesTheOwnerTheCallIsHandedToItsLocalHandler() throws Exception {
        try (RelayNodes n = new RelayNodes(); LogCapture log = new LogCapture("io.ramal.gateway.relay");
             LogCapture calls = new LogCapture("io.ramal.gateway.call")) {
            RelayServer a = n.relayPort(new RelayNodes.Targets(n.ownerListener));
            n.route.set(RelayNodes.to("node-a", a));
            UUID id = UUID.randomUUID();
            Future<CallRunner.Result> running = call(n, id);
            Await.until(Duration.ofSeconds(5), "the call on owner a", () -> n.ownerCalls(id).size() == 1
                    && n.ownerCalls(id).get(0).frames.get() >= 10);
            a.close();
            Await.until(Duration.ofSeconds(5), "the leg sees its owner lost", () -> n.nodeStats.legsLost() == 1);
            n.route.set(Route.LOCAL);
            Await.until(Duration.ofSeconds(5), "the call handed to this node", () -> n.nodeStats.legsLocal() == 1);

            CallRunner.Result r = running.get(30, TimeUnit.SECONDS);
            assertFalse(r.hangupReceived() || r.closedByServer(), r.summary());
            assertTrue(r.echoedFrames() > n.ownerCalls(id).get(0).frames.get(), "the local echo answered: "
                    + r.summary());
            assertEquals(1, n.ownerCalls(id).size(), "no other owner was dialled");
            assertTrue(log.has("relay re-entered call=" + id, "owner=local"), log.messages().toString());
            assertTrue(calls.has("call=" + id, "transfer from=RelayLeg to=EchoHandler", "queue owner is now this node"),
                    calls.messages().toString());
        }
    }

    @Test
    void aNodeThatSaysItIsNotTheOwnerIsAskedAgainUntilItIs() throws Exception {
        try (RelayNodes n = new RelayNodes(); LogCapture log = new LogCapture("io.ramal.gateway.relay")) {
            RelayNodes.Targets targets = new RelayNodes.Targets(null); // not (yet) the owner
            RelayServer a = n.relayPort(targets);
            n.route.set(RelayNodes.to("node-a", a));
            UUID id = UUID.randomUUID();
            Future<CallRunner.Result> running = call(n, id);
            Await.until(Duration.ofSeconds(5), "refused twice, 200 ms apart",
                    () -> a.refused(RelayRefusal.NOT_OWNER) >= 2);
            targets.owner = n.ownerListener; // it took the queue
            Await.until(Duration.ofSeconds(5), "the call on owner a", () -> n.ownerCalls(id).size() == 1);

            CallRunner.Result r = running.get(30, TimeUnit.SECONDS);
            assertFalse(r.hangupReceived() || r.closedByServer(), r.summary());
            assertTrue(r.echoedFrames() > 0, r.summary());
            assertTrue(targets.headers.stream().allMatch(h -> h.arrivedAtMillis() == n.arrivedAt));
            // Told "not the owner" (or, should the close overtake the error frame, just closed): one line.
            assertEquals(1, count(log, "relay lost call=" + id, "owner=node-a", "reason="), log.messages().toString());
            assertTrue(log.has("relay re-entered call=" + id, "owner=node-a"), log.messages().toString());
            assertEquals(0, n.nodeStats.legsUp() - n.nodeStats.legsReentered(), "up only once, as a re-entry");
        }
    }
}
