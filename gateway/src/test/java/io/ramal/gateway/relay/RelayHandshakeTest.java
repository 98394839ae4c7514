package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.Admission;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallOwner;
import io.ramal.gateway.call.CallSession;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.call.Pacers;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay port's handshake on an embedded channel, with frozen time. */
class RelayHandshakeTest {

    /** The owner's side of a relayed call: records what its handler hears. */
    private static final class Owner implements CallOwner {
        final List<String> events = new ArrayList<>();
        final CallCounters counters = new CallCounters();
        final Pacers pacers = new Pacers();
        final Extension ext = new Extension("9000", "127.0.0.1", 40000, Mode.QUEUE, Map.of(), null, true, "");

        @Override
        public Extension extension() {
            return ext;
        }

        @Override
        public CallHandler newHandler(Call call) {
            events.add("call:" + call.id());
            return new CallHandler() {
                @Override
                public void onStart(CallContext c) {
                    events.add("start");
                }

                @Override
                public void onAudio(CallContext c, ByteBuf payload, AudioFormat format) {
                    events.add("audio:" + payload.getByte(payload.readerIndex()));
                }

                @Override
                public void onDtmf(CallContext c, char digit) {
                    events.add("dtmf:" + digit);
                }

                @Override
                public void onEnd(CallContext c, EndReason reason) {
                    events.add("end:" + reason.label());
                }
            };
        }

        @Override
        public CallSettings settings() {
            return SETTINGS;
        }

        @Override
        public Pacers pacers() {
            return pacers;
        }

        @Override
        public CallCounters counters() {
            return counters;
        }

        @Override
        public Admission register(CallSession session, InetAddress source) {
            return Admission.ACCEPTED;
        }

        @Override
        public Admission startCall(CallSession session) {
            return Admission.ACCEPTED;
        }

        @Override
        public void unregister(CallSession session) {
        }
    }

    static final CallSettings SETTINGS = CallSettings.from(Map.of("handshake-timeout", "500ms"));

    private final UUID id = UUID.randomUUID();
    private final Owner owner = new Owner();
    private final RelayStats stats = new RelayStats();
    private EmbeddedChannel ch;

    private EmbeddedChannel open(RelayTargets targets) {
        RelayServer server = RelayServer.unbound(RelayNodes.SECRET, targets, SETTINGS, stats, Clock.systemUTC());
        ch = new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
            @Override
            protected void initChannel(EmbeddedChannel c) {
                c.pipeline().addLast(RelayHandshake.DECODER, new AudioSocketDecoder());
                c.pipeline().addLast(RelayHandshake.NAME, new RelayHandshake(server));
            }
        });
        ch.freezeTime();
        return ch;
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private ByteBuf idAndHeader() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(AudioSocketKind.ID.byteValue()).writeShort(16)
                .writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
        ByteBuf h = new RelayHeader(id, "9100", "suporte", RelayRole.CALLER, 1L, "node-b", 8000,
                System.currentTimeMillis()).encode(ByteBufAllocator.DEFAULT, RelayNodes.SECRET);
        AudioSocketEncoder.encode(AudioSocketKind.RELAY_HEADER, h, b);
        h.release();
        return b;
    }

    private static void audio(ByteBuf b, int fill) {
        b.writeByte(AudioSocketKind.AUDIO_8K.byteValue()).writeShort(320);
        for (int i = 0; i < 320; i++) {
            b.writeByte(fill);
        }
    }

    @Test
    void audioInTheSameReadAsTheHeaderReachesTheCallInOrder() {
        open(h -> owner);
        ByteBuf b = idAndHeader();
        audio(b, 1);
        audio(b, 2);
        b.writeByte(AudioSocketKind.DTMF.byteValue()).writeShort(1).writeByte('7');
        ch.writeInbound(b);
        assertEquals(List.of("call:" + id, "start", "audio:1", "audio:2", "dtmf:7"), owner.events);
        assertNull(ch.pipeline().get(RelayHandshake.NAME), "the handshake stepped aside");
        assertNull(ch.pipeline().get(RelayHandshake.DECODER), "with its decoder");
        assertNotNull(ch.pipeline().get(CallSession.class), "an ordinary call now");
        assertEquals(1, stats.accepted());
        assertEquals(1, owner.counters.calls.sum());
        ch.advanceTimeBy(SETTINGS.handshakeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertTrue(ch.isOpen(), "no handshake timer left behind");
        ch.close();
        assertEquals("end:remote-hangup", owner.events.get(owner.events.size() - 1));
    }

    @Test
    void anIdWithoutItsHeaderIsRefusedAtTheHandshakeTimeout() {
        open(h -> owner);
        ByteBuf b = Unpooled.buffer();
        b.writeByte(AudioSocketKind.ID.byteValue()).writeShort(16).writeLong(1).writeLong(2);
        ch.writeInbound(b);
        ch.advanceTimeBy(SETTINGS.handshakeTimeout().toMillis() - 1, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertNull(ch.readOutbound(), "nothing sent");
        assertEquals(1, stats.refused(RelayRefusal.NO_HEADER));
        assertTrue(owner.events.isEmpty());
    }

    @Test
    void aHeaderBeforeTheIdIsAProtocolError() {
        open(h -> owner);
        ByteBuf b = idAndHeader();
        ByteBuf headerOnly = b.slice(19, b.readableBytes() - 19).retain();
        b.release();
        ch.writeInbound(headerOnly);
        assertFalse(ch.isOpen());
        assertEquals(1, stats.refused(RelayRefusal.PROTOCOL_ERROR));
        assertTrue(owner.events.isEmpty());
    }

    @Test
    void aFailingTargetClosesWithoutACall() {
        open(h -> {
            throw new IllegalStateException("boom");
        });
        ch.writeInbound(idAndHeader());
        assertFalse(ch.isOpen());
        assertTrue(owner.events.isEmpty());
        assertEquals(0, stats.accepted());
    }
}
