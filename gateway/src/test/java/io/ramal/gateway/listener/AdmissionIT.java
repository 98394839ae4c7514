package io.ramal.gateway.listener;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SourceAllowlist;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Source allowlists and call limits with real sockets: who is refused, how, and that the others stay clean. */
class AdmissionIT {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private static Extension echo(int port, List<String> allow, int maxCalls) {
        return TestGateway.extension("9000", port, Mode.ECHO)
                .withAdmission(allow == null ? null : SourceAllowlist.parse("allow", allow), maxCalls);
    }

    private static InetSocketAddress at(NettyListener l) {
        return new InetSocketAddress("127.0.0.1", TestGateway.port(l));
    }

    @Test
    void aSourceOutsideTheAllowlistIsClosedBeforeItsIdWhileAnAllowedCallStaysClean() throws Exception {
        try (TestGateway gw = TestGateway.echo(); LogCapture logs = new LogCapture(io.ramal.gateway.call.CallSession.class.getName())) {
            NettyListener l = gw.bind(echo(TestGateway.freePort(), List.of("127.0.0.1"), 0));
            CallCounters c = gw.factory.counters("9000");
            try (AudioSocketClient good = AudioSocketClient.connect(at(l), InetAddress.getByName("127.0.0.1"), WAIT)) {
                good.sendId(UUID.randomUUID());
                Await.until(WAIT, "allowed call active", () -> l.activeCalls() == 1);
                List<byte[]> sent = new ArrayList<>();
                Random r = new Random(17);
                for (int i = 0; i < 25; i++) {
                    if (i == 5) { // the stranger arrives in the middle of the good call
                        try (AudioSocketClient stranger = AudioSocketClient.connect(at(l),
                                InetAddress.getByName("127.0.0.2"), WAIT)) {
                            stranger.sendId(UUID.randomUUID());
                            assertTrue(stranger.awaitClosed(WAIT), "the stranger is closed");
                            assertFalse(stranger.hangupReceived(), "closed, not answered");
                        }
                    }
                    byte[] f = new byte[320];
                    r.nextBytes(f);
                    f[0] |= 1; // never all silence
                    sent.add(f);
                    good.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, f.length);
                    Thread.sleep(20);
                }
                Await.until(WAIT, "every frame echoed", () -> audio(good).size() >= sent.size());
                List<byte[]> echoed = audio(good);
                for (int i = 0; i < sent.size(); i++) {
                    assertArrayEquals(sent.get(i), echoed.get(i), "frame " + i);
                }
                assertFalse(good.isClosedByServer(), "the allowed call is still up");
            }
            Await.until(WAIT, "counted", () -> c.refusedNotAllowed.sum() == 1);
            assertEquals(1, c.calls.sum(), "only the allowed call started: the stranger's id was never read");
            assertEquals(0, c.closedBeforeId.sum());
            assertEquals(0, c.protocolErrors.sum() + c.handshakeTimeouts.sum());
            assertTrue(logs.has("connection refused ramal=9000", "reason=not-allowed", "suppressed=0"),
                    logs.messages().toString());
        }
    }

    @Test
    void refusedSourcesAreLoggedOnceAMinuteEachNotOneForAll() throws Exception {
        try (TestGateway gw = TestGateway.echo(); LogCapture logs = new LogCapture(io.ramal.gateway.call.CallSession.class.getName())) {
            NettyListener l = gw.bind(echo(TestGateway.freePort(), List.of("127.0.0.1"), 0));
            for (String source : List.of("127.0.0.2", "127.0.0.3", "127.0.0.2", "127.0.0.3", "127.0.0.2")) {
                try (AudioSocketClient stranger = AudioSocketClient.connect(at(l), InetAddress.getByName(source), WAIT)) {
                    assertTrue(stranger.awaitClosed(WAIT), source + " is closed");
                }
            }
            CallCounters c = gw.factory.counters("9000");
            Await.until(WAIT, "every refusal counted", () -> c.refusedNotAllowed.sum() == 5);
            List<String> lines = logs.messages().stream().filter(m -> m.contains("reason=not-allowed")).toList();
            assertEquals(2, lines.size(), "one line per source within the minute: " + lines);
            assertTrue(lines.stream().anyMatch(m -> m.contains("remote=/127.0.0.2:") && m.endsWith("suppressed=0")), lines.toString());
            assertTrue(lines.stream().anyMatch(m -> m.contains("remote=/127.0.0.3:") && m.endsWith("suppressed=0")), lines.toString());
            assertEquals(2, c.logLimits.notAllowed.tracked());
        }
    }

    private static List<byte[]> audio(AudioSocketClient c) {
        return c.received().stream().filter(f -> f.isAudio() && !f.isSilence()).map(f -> f.payload()).toList();
    }

    @Test
    void theGatewayDefaultAllowlistAppliesToExtensionsWithoutTheirOwn() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListenerFactory f = new NettyListenerFactory(gw.transport, io.ramal.extensions.SocketTuning.DEFAULTS,
                    TestGateway.shortTimeouts(), Handlers.withEcho(),
                    new CallLimits(SourceAllowlist.parse("gateway.allow", List.of("127.0.0.2/32")), 0));
            NettyListener l = (NettyListener) f.bind(echo(TestGateway.freePort(), null, 0)).get(5, TimeUnit.SECONDS);
            try (AudioSocketClient refused = AudioSocketClient.connect(at(l), InetAddress.getByName("127.0.0.1"), WAIT);
                 AudioSocketClient allowed = AudioSocketClient.connect(at(l), InetAddress.getByName("127.0.0.2"), WAIT)) {
                assertTrue(refused.awaitClosed(WAIT));
                allowed.sendId(UUID.randomUUID());
                Await.until(WAIT, "allowed call active", () -> l.activeCalls() == 1);
                assertFalse(allowed.isClosedByServer());
            } finally {
                l.shutdown().get(5, TimeUnit.SECONDS);
            }
            assertEquals(1, f.counters("9000").refusedNotAllowed.sum());
        }
    }

    @Test
    void theCallAfterMaxCallsGetsTheHangupFrameAndAClose() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener l = gw.bind(echo(TestGateway.freePort(), null, 2));
            CallCounters c = gw.factory.counters("9000");
            try (AudioSocketClient a = AudioSocketClient.connect(at(l), null, WAIT);
                 AudioSocketClient b = AudioSocketClient.connect(at(l), null, WAIT)) {
                a.sendId(UUID.randomUUID());
                b.sendId(UUID.randomUUID());
                Await.until(WAIT, "two calls started", () -> c.calls.sum() == 2);
                try (AudioSocketClient third = AudioSocketClient.connect(at(l), null, WAIT)) {
                    third.sendId(UUID.randomUUID());
                    assertTrue(third.awaitClosed(WAIT), "the third call is closed");
                    assertTrue(third.hangupReceived(), "with the hangup frame 00 00 00");
                    AudioSocketClient.Frame h = third.received().stream().filter(x -> x.kind() == 0).findFirst().orElseThrow();
                    assertEquals(0, h.payload().length);
                }
                assertEquals(1, c.refusedBusy.sum());
                assertFalse(a.isClosedByServer());
                assertFalse(b.isClosedByServer());
                a.close();
                Await.until(WAIT, "slot given back", () -> l.activeCalls() == 1);
                try (AudioSocketClient again = AudioSocketClient.connect(at(l), null, WAIT)) {
                    again.sendId(UUID.randomUUID());
                    Await.until(WAIT, "a freed slot serves again", () -> c.calls.sum() == 3);
                    assertFalse(again.hangupReceived());
                }
            }
            assertEquals(1, c.refusedBusy.sum());
        }
    }

    @Test
    void gatewayMaxCallsCountsEveryExtension() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListenerFactory f = new NettyListenerFactory(gw.transport, io.ramal.extensions.SocketTuning.DEFAULTS,
                    TestGateway.shortTimeouts(), Handlers.withEcho(), new CallLimits(CallLimits.DEFAULTS.defaultAllow(), 1));
            NettyListener one = (NettyListener) f.bind(echo(TestGateway.freePort(), null, 0)).get(5, TimeUnit.SECONDS);
            NettyListener two = (NettyListener) f.bind(TestGateway.extension("9001", TestGateway.freePort(), Mode.ECHO))
                    .get(5, TimeUnit.SECONDS);
            try (AudioSocketClient a = AudioSocketClient.connect(at(one), null, WAIT)) {
                a.sendId(UUID.randomUUID());
                Await.until(WAIT, "call started", () -> f.counters("9000").calls.sum() == 1);
                try (AudioSocketClient b = AudioSocketClient.connect(at(two), null, WAIT)) {
                    b.sendId(UUID.randomUUID());
                    assertTrue(b.awaitClosed(WAIT));
                    assertTrue(b.hangupReceived());
                }
                assertEquals(1, f.counters("9001").refusedBusy.sum());
            } finally {
                one.shutdown().get(5, TimeUnit.SECONDS);
                two.shutdown().get(5, TimeUnit.SECONDS);
            }
        }
    }
}
