package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay port refuses, before any audio either way, every connection that does not prove the
 * cluster secret for the call it names, or that names a queue this node does not own: counted
 * per reason, one WARN line without the secret, closed; nothing reaches the targets but verified
 * headers, and no call starts.
 */
class RelayRefusalIT {

    private RelayNodes n;
    private RelayNodes.Targets targets;
    private RelayServer server;
    private LogCapture log;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        n = new RelayNodes();
        targets = new RelayNodes.Targets(n.ownerListener);
        server = n.relayPort(targets);
        log = new LogCapture("io.ramal.gateway.relay");
    }

    @AfterEach
    void stop() {
        log.close();
        n.close();
    }

    private AudioSocketClient connect() throws Exception {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", server.port());
        c.sendId(id);
        return c;
    }

    private RelayHeader header() {
        return new RelayHeader(id, "9100", RelayNodes.QUEUE, RelayRole.CALLER, n.arrivedAt, "node-b", 8000,
                System.currentTimeMillis());
    }

    private static void sendHeader(AudioSocketClient c, RelayHeader h, byte[] secret) throws Exception {
        ByteBuf p = h.encode(ByteBufAllocator.DEFAULT, secret);
        try {
            byte[] b = new byte[p.readableBytes()];
            p.readBytes(b);
            c.send(AudioSocketKind.RELAY_HEADER, b, 0, b.length);
        } finally {
            p.release();
        }
    }

    /** Closed by the server, having sent it nothing but what {@code allowed} lists. */
    private static List<AudioSocketClient.Frame> closedWithNoAudio(AudioSocketClient c) throws Exception {
        assertTrue(c.awaitClosed(Duration.ofSeconds(5)), "the relay port closed the connection");
        List<AudioSocketClient.Frame> got = List.copyOf(c.received());
        assertTrue(got.stream().noneMatch(AudioSocketClient.Frame::isAudio), "no audio was sent: " + got);
        return got;
    }

    private void assertNothingStarted() {
        assertTrue(targets.headers.isEmpty(), "nothing reached the targets: " + targets.headers);
        assertTrue(n.ownerCalls.isEmpty(), "no call started on the owner");
        assertEquals(0, server.stats().accepted());
    }

    @Test
    void aHeaderSignedWithAnotherSecretIsClosedBeforeAnyAudio() throws Exception {
        byte[] wrong = "not-the-cluster-secret-at-all-32b".getBytes(StandardCharsets.US_ASCII);
        try (AudioSocketClient c = connect()) {
            sendHeader(c, header(), wrong);
            byte[] audio = new byte[320];
            java.util.Arrays.fill(audio, (byte) 9);
            try {
                c.sendAudio(AudioSocketKind.AUDIO_8K, audio, 0, audio.length);
            } catch (java.io.IOException e) {
                // the relay port may have refused the header and closed already: that is the refusal
            }
            assertEquals(List.of(), closedWithNoAudio(c), "just closed, nothing said");
        }
        assertEquals(1, server.refused(RelayRefusal.BAD_MAC));
        assertNothingStarted();
        assertTrue(log.has("relay refused remote=/127.0.0.1:", "reason=bad-mac"), log.messages().toString());
        for (String m : log.messages()) {
            assertFalse(m.contains("not-the-cluster") || m.contains("cluster-secret-for-tests"), "no secret logged: " + m);
        }
    }

    @Test
    void audioRightAfterTheIdIsRefused() throws Exception {
        try (AudioSocketClient c = connect()) {
            byte[] audio = new byte[320];
            c.sendAudio(AudioSocketKind.AUDIO_8K, audio, 0, audio.length);
            try {
                sendHeader(c, header(), RelayNodes.SECRET); // too late: the audio came first
            } catch (java.io.IOException e) {
                // the relay port may have closed the connection already: that is the refusal
            }
            closedWithNoAudio(c);
        }
        assertEquals(1, server.refused(RelayRefusal.AUDIO_BEFORE_HEADER));
        assertNothingStarted();
        assertTrue(log.has("relay refused", "reason=audio-before-header"), log.messages().toString());
    }

    @Test
    void anIdAloneIsClosedAtTheHandshakeTimeout() throws Exception {
        try (AudioSocketClient c = connect()) {
            closedWithNoAudio(c);
        }
        assertEquals(1, server.refused(RelayRefusal.NO_HEADER));
        assertNothingStarted();
    }

    @Test
    void aHeaderForAnotherCallIsRefused() throws Exception {
        try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", server.port())) {
            c.sendId(UUID.randomUUID());
            sendHeader(c, header(), RelayNodes.SECRET);
            closedWithNoAudio(c);
        }
        assertEquals(1, server.refused(RelayRefusal.WRONG_CALL));
        assertNothingStarted();
    }

    @Test
    void aQueueThisNodeDoesNotOwnIsAnsweredWithTheNotOwnerErrorThenClosed() throws Exception {
        targets.owner = null;
        try (AudioSocketClient c = connect()) {
            sendHeader(c, header(), RelayNodes.SECRET);
            List<AudioSocketClient.Frame> got = closedWithNoAudio(c);
            assertEquals(1, got.size(), "one frame: " + got);
            assertEquals(AudioSocketKind.ERROR.byteValue() & 0xff, got.get(0).kind());
            assertArrayEquals(new byte[] {(byte) RelayServer.ERROR_NOT_OWNER}, got.get(0).payload());
        }
        assertEquals(1, server.refused(RelayRefusal.NOT_OWNER));
        assertEquals(1, targets.headers.size(), "asked once, with the verified header");
        assertTrue(n.ownerCalls.isEmpty());
        assertTrue(log.has("relay refused", "reason=not-owner", "queue suporte"), log.messages().toString());
    }
}
