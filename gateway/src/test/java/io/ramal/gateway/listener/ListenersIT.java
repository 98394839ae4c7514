package io.ramal.gateway.listener;

import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Listener;
import io.ramal.extensions.Mode;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.GoodCall;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import io.ramal.gateway.transport.Transport;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenersIT {

    @Test
    void portInUseFailsOnlyThatListener() throws Exception {
        try (TestGateway gw = TestGateway.echo();
             ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LogCapture log = new LogCapture("io.ramal");
             LogCapture ended = GoodCall.calls()) {
            Extension a = TestGateway.extension("9001", TestGateway.freePort(), Mode.ECHO);
            Extension b = TestGateway.extension("9002", squatter.getLocalPort(), Mode.ECHO);
            Extension c = TestGateway.extension("9003", TestGateway.freePort(), Mode.ECHO);
            List<CompletableFuture<Listener>> binds = List.of(gw.factory.bind(a), gw.factory.bind(b), gw.factory.bind(c));
            CompletableFuture.allOf(binds.toArray(new CompletableFuture[0])).handle((x, e) -> null).get(5, TimeUnit.SECONDS);

            ExecutionException failure = assertThrows(ExecutionException.class, () -> binds.get(1).get());
            assertInstanceOf(BindException.class, failure.getCause());
            assertTrue(log.has("listener failed", "ramal=9002", "address=127.0.0.1:" + squatter.getLocalPort(),
                    "cause="), log.messages().toString());
            assertTrue(gw.factory.counters("9002").lastError().message().contains("bind failed"));

            for (Extension e : List.of(a, c)) {
                CallRunner.Result r = CallRunner.run(new CallRunner.Plan(new InetSocketAddress("127.0.0.1", e.port()),
                        UUID.randomUUID(), AudioFormat.SLIN_8K, noise(), Duration.ofMillis(600), Map.of(),
                        Duration.ofMillis(200)));
                GoodCall.assertWhole(r, ended);
            }
        }
    }

    @Test
    void tuningIsAppliedToTheListeningSocket() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener l = gw.bindEcho("9000");
            // Two listeners on one shared group: a second bind on the same port fails, the first serves on.
            Extension dup = TestGateway.extension("9009", TestGateway.port(l), Mode.ECHO);
            assertThrows(ExecutionException.class, () -> gw.factory.bind(dup).get(5, TimeUnit.SECONDS));
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l))) {
                c.sendId(UUID.randomUUID());
                assertTrue(c.poll(Duration.ofSeconds(1)) != null, "the first listener still serves");
            }
        }
    }

    @Test
    void aBurstOfCallsLargerThanTheBacklogIsTakenWhole() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener l = gw.bindEcho("9000");
            RecvByteBufAllocator accepts = l.serverChannel().config().getRecvByteBufAllocator();
            assertEquals(Transport.ACCEPTS_PER_WAKEUP, ((MaxMessagesRecvByteBufAllocator) accepts).maxMessagesPerRead(),
                    "Netty's default for a listening socket is one accept per wake-up");
            // Asterisk reconnecting after a restart: more calls at once than the accept queue holds.
            List<AudioSocketClient> burst = new ArrayList<>();
            try {
                for (int i = 0; i < 150; i++) {
                    AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l));
                    burst.add(c);
                    c.sendId(UUID.randomUUID());
                }
                for (AudioSocketClient c : burst) {
                    assertTrue(c.poll(Duration.ofSeconds(5)) != null, "every call of the burst is served");
                }
                assertEquals(150, gw.factory.counters("9000").connections.sum());
                assertEquals(0, gw.factory.counters("9000").refused.sum());
            } finally {
                for (AudioSocketClient c : burst) {
                    c.close();
                }
            }
        }
    }

    @Test
    void modeWithoutHandlerIsRefusedAtBind() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            Extension ai = TestGateway.extension("9300", TestGateway.freePort(), Mode.AI);
            ExecutionException e = assertThrows(ExecutionException.class, () -> gw.factory.bind(ai).get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("mode ai has no handler"), e.getCause().getMessage());
        }
    }

    @Test
    void drainStopsAcceptingWhileCallsInProgressContinue() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener l = gw.bindEcho("9000");
            int port = TestGateway.port(l);
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                c.sendId(UUID.randomUUID());
                Await.until(Duration.ofSeconds(2), "call active", () -> l.activeCalls() == 1);
                CompletableFuture<Void> drained = l.drain(Duration.ofSeconds(30));
                l.stopAccepting().get(2, TimeUnit.SECONDS);
                assertThrows(java.io.IOException.class, () -> AudioSocketClient.connect("127.0.0.1", port),
                        "new calls are refused once draining");
                byte[] frame = noise();
                c.sendAudio(io.ramal.gateway.codec.AudioSocketKind.AUDIO_8K, frame, 0, 320);
                c.sendAudio(io.ramal.gateway.codec.AudioSocketKind.AUDIO_8K, frame, 320, 320);
                Await.until(Duration.ofSeconds(2), "echo during drain",
                        () -> c.received().stream().anyMatch(f -> f.isAudio() && !f.isSilence()));
                assertFalse(drained.isDone(), "not drained while a call is in progress");
                c.close();
                drained.get(3, TimeUnit.SECONDS);
                assertEquals(0, l.activeCalls());
            }
        }
    }

    @Test
    void drainTimeoutHangsUpTheCallsLeft() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener l = gw.bindEcho("9000");
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l))) {
                c.sendId(UUID.randomUUID());
                Await.until(Duration.ofSeconds(2), "call active", () -> l.activeCalls() == 1);
                l.drain(Duration.ofMillis(200)).get(3, TimeUnit.SECONDS);
                assertTrue(c.awaitClosed(Duration.ofSeconds(2)));
                assertTrue(c.hangupReceived());
            }
        }
    }

    private static byte[] noise() {
        byte[] b = new byte[320 * 30];
        new java.util.Random(7).nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            b[i] |= 1;
        }
        return b;
    }
}
