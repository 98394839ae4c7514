package io.ramal.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioSocketCodecTest {

    private static byte[] frame(int kind, byte[] payload) {
        byte[] b = new byte[3 + payload.length];
        b[0] = (byte) kind;
        b[1] = (byte) (payload.length >>> 8);
        b[2] = (byte) payload.length;
        System.arraycopy(payload, 0, b, 3, payload.length);
        return b;
    }

    private static byte[] pcm(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    private static AudioSocketFrame read(EmbeddedChannel ch) {
        return ch.readInbound();
    }

    @Test
    void everyKindDecodesWithItsPayload() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        UUID id = UUID.randomUUID();
        AudioSocketFrame idFrame = AudioSocketFrame.id(id);
        ByteBuf idBytes = Unpooled.buffer();
        AudioSocketEncoder.encode(AudioSocketKind.ID, idFrame.content(), idBytes);
        idFrame.release();
        ch.writeInbound(idBytes);
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x03, new byte[] {'#'})));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0xff, new byte[] {0x02})));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x00, new byte[0])));
        for (AudioSocketKind k : AudioSocketKind.values()) {
            if (k.isAudio()) {
                ch.writeInbound(Unpooled.wrappedBuffer(frame(k.byteValue() & 0xff, pcm(k.format().frameBytes()))));
            }
        }
        AudioSocketFrame f = read(ch);
        assertEquals(AudioSocketKind.ID, f.kind());
        assertEquals(id, f.uuid());
        f.release();
        f = read(ch);
        assertEquals('#', f.digit());
        f.release();
        f = read(ch);
        assertEquals(AudioSocketKind.ERROR, f.kind());
        assertEquals("frame-forwarding", AudioSocketFrame.describeError(f.errorCode()));
        f.release();
        f = read(ch);
        assertEquals(AudioSocketKind.HANGUP, f.kind());
        f.release();
        for (AudioSocketKind k : AudioSocketKind.values()) {
            if (k.isAudio()) {
                f = read(ch);
                assertEquals(k, f.kind());
                assertEquals(k.format().frameBytes(), f.content().readableBytes());
                f.release();
            }
        }
        assertFalse(ch.finish());
    }

    @Test
    void kindSixteenKiloHertzIsTheTwelveByte() {
        assertEquals(16_000, AudioSocketKind.valueOf((byte) 0x12).format().sampleRate());
        assertEquals(12_000, AudioSocketKind.valueOf((byte) 0x11).format().sampleRate());
        assertEquals(192_000, AudioSocketKind.valueOf((byte) 0x18).format().sampleRate());
    }

    @Test
    void splitFrameIsReassembled() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        byte[] whole = frame(0x10, pcm(320));
        for (int i = 0; i < whole.length; i += 7) {
            ch.writeInbound(Unpooled.wrappedBuffer(whole, i, Math.min(7, whole.length - i)));
            if (i + 7 < whole.length) {
                assertNull(ch.readInbound(), "no frame before its last byte, at " + i);
            }
        }
        AudioSocketFrame f = read(ch);
        byte[] got = new byte[320];
        f.content().getBytes(f.content().readerIndex(), got);
        assertArrayEquals(pcm(320), got);
        f.release();
        assertFalse(ch.finish());
    }

    @Test
    void coalescedFramesAllComeOut() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 10; i++) {
            b.writeBytes(frame(0x10, pcm(320)));
        }
        b.writeBytes(frame(0x03, new byte[] {'5'}));
        ch.writeInbound(b);
        for (int i = 0; i < 10; i++) {
            AudioSocketFrame f = read(ch);
            assertEquals(AudioSocketKind.AUDIO_8K, f.kind());
            f.release();
        }
        AudioSocketFrame d = read(ch);
        assertEquals('5', d.digit());
        d.release();
        assertFalse(ch.finish());
    }

    /** What an {@link AudioSocketDecoder.AudioSink} saw, copied at the time, in order with the other frames. */
    private static final class Sink implements AudioSocketDecoder.AudioSink {
        final List<String> events = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        final Set<ByteBuf> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        EmbeddedChannel ch;

        @Override
        public void onAudio(AudioSocketKind kind, ByteBuf payload) {
            drainFrames();
            byte[] copy = new byte[payload.readableBytes()];
            payload.getBytes(payload.readerIndex(), copy);
            events.add("audio:" + kind + ":" + copy.length);
            payloads.add(copy);
            buffers.add(payload);
        }

        /** Frames that reached the pipeline before the next sink call, so the order shows. */
        void drainFrames() {
            for (AudioSocketFrame f; (f = ch.readInbound()) != null; ) {
                events.add("frame:" + f.kind());
                f.release();
            }
        }
    }

    @Test
    void audioGoesToTheSinkInOneReusedBufferAndTheRestThroughThePipeline() {
        Sink sink = new Sink();
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder(sink));
        sink.ch = ch;
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(frame(0x10, pcm(320)));
        b.writeBytes(frame(0x03, new byte[] {'5'}));
        b.writeBytes(frame(0x10, pcm(320)));
        b.writeBytes(frame(0x12, pcm(640)));
        b.writeBytes(frame(0x10, new byte[0]));
        b.writeBytes(frame(0x00, new byte[0]));
        // A split frame reaches the sink once, whole, after its last byte.
        byte[] split = frame(0x10, pcm(320));
        b.writeBytes(split, 0, 100);
        ch.writeInbound(b);
        assertEquals(4, sink.payloads.size(), "the split frame waits for its last byte");
        ch.writeInbound(Unpooled.wrappedBuffer(split, 100, split.length - 100));
        sink.drainFrames();
        assertEquals(List.of("audio:AUDIO_8K:320", "frame:DTMF", "audio:AUDIO_8K:320", "audio:AUDIO_16K:640",
                "audio:AUDIO_8K:0", "frame:HANGUP", "audio:AUDIO_8K:320"), sink.events);
        assertArrayEquals(pcm(320), sink.payloads.get(0));
        assertArrayEquals(pcm(640), sink.payloads.get(2));
        assertArrayEquals(pcm(320), sink.payloads.get(4));
        assertEquals(1, sink.buffers.size(), "every audio frame in the same buffer: nothing allocated per frame");
        // The buffer is the thread's: a second connection on the same thread shares it.
        Sink other = new Sink();
        EmbeddedChannel ch2 = new EmbeddedChannel(new AudioSocketDecoder(other));
        other.ch = ch2;
        ch2.writeInbound(Unpooled.wrappedBuffer(frame(0x10, pcm(320))));
        assertEquals(sink.buffers, other.buffers);
        assertFalse(ch2.finish());
        assertFalse(ch.finish());
    }

    @Test
    void audioLongerThanTheSinkBufferGrowsItOnce() {
        Sink sink = new Sink();
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder(sink));
        sink.ch = ch;
        byte[] big = pcm(7680); // a 192 kHz frame, past the 48 kHz room the buffer starts with
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x10, pcm(320))));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x18, big)));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x18, big)));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x10, pcm(320))));
        assertArrayEquals(big, sink.payloads.get(1));
        assertArrayEquals(big, sink.payloads.get(2));
        assertArrayEquals(pcm(320), sink.payloads.get(3));
        assertTrue(sink.buffers.size() <= 2, "grown once (unless an earlier test on this thread did), then reused: "
                + sink.buffers.size());
        assertFalse(ch.finish());
    }

    @Test
    void sinkFailureReachesThePipelineAndDecodingGoesOn() {
        List<Throwable> caught = new ArrayList<>();
        AudioSocketDecoder.AudioSink failing = (kind, payload) -> {
            throw new IllegalStateException("handler bug");
        };
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder(failing), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
            }
        });
        ByteBuf both = Unpooled.buffer(); // in one read: the failure must not hold up what follows
        both.writeBytes(frame(0x10, pcm(320))).writeBytes(frame(0x03, new byte[] {'7'}));
        ch.writeInbound(both);
        assertEquals(1, caught.size());
        assertInstanceOf(IllegalStateException.class, caught.get(0));
        AudioSocketFrame d = read(ch);
        assertEquals('7', d.digit(), "the frame after a failed one in the same read still decodes");
        d.release();
        assertFalse(ch.finish());
    }

    @Test
    void zeroLengthAudioAndHangupDecode() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x10, new byte[0])));
        AudioSocketFrame f = read(ch);
        assertEquals(0, f.content().readableBytes());
        f.release();
        assertFalse(ch.finish());
    }

    @Test
    void maximumLengthFrameDecodes() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x10, pcm(65534))));
        AudioSocketFrame f = read(ch);
        assertEquals(65534, f.content().readableBytes());
        f.release();
        // 65535 is odd, so not audio; an error frame may carry it.
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0xff, pcm(65535))));
        f = read(ch);
        assertEquals(65535, f.content().readableBytes());
        f.release();
        assertFalse(ch.finish());
    }

    @Test
    void unknownKindFailsOnceAndDiscardsTheRest() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(frame(0x10, pcm(320)));
        b.writeBytes(frame(0x42, pcm(4)));
        b.writeBytes(frame(0x10, pcm(320)));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(b));
        assertInstanceOf(AudioSocketException.class, e);
        assertTrue(e.getMessage().contains("unknown kind 0x42"), e.getMessage());
        AudioSocketFrame first = read(ch);
        assertEquals(AudioSocketKind.AUDIO_8K, first.kind());
        first.release();
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x10, pcm(320))));
        assertNull(ch.readInbound(), "nothing decodes after a violation");
        assertFalse(ch.finish());
    }

    @Test
    void lengthThatDoesNotFitTheKindFailsBeforeThePayloadArrives() {
        assertRejected(frameHeader(0x01, 15), "ID (0x01) frame with length 15, expected 16");
        assertRejected(frameHeader(0x03, 2), "DTMF (0x03) frame with length 2, expected 1");
        assertRejected(frameHeader(0x00, 4), "HANGUP (0x00) frame with length 4, expected 0");
        assertRejected(frameHeader(0xf0, 0), "RELAY_HEADER (0xf0) frame with length 0, expected 1..1024");
        assertRejected(frameHeader(0xf0, 1025), "RELAY_HEADER (0xf0) frame with length 1025, expected 1..1024");
    }

    @Test
    void oddLengthAudioDecodesForTheCallToTrim() {
        // Asterisk ends a mu-law call it labels slin with a 113-byte frame: not a protocol error.
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x10, pcm(113))));
        AudioSocketFrame f = read(ch);
        assertEquals(AudioSocketKind.AUDIO_8K, f.kind());
        assertEquals(113, f.content().readableBytes());
        f.release();
        assertFalse(ch.finish());
    }

    private static byte[] frameHeader(int kind, int len) {
        return new byte[] {(byte) kind, (byte) (len >>> 8), (byte) len};
    }

    private static void assertRejected(byte[] header, String message) {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(header)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void closeInsideAFrameIsReported() {
        EmbeddedChannel ch = new EmbeddedChannel(new AudioSocketDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x10, 0x01}));
        DecoderException e = assertThrows(DecoderException.class, ch::finish);
        assertTrue(e.getMessage().contains("2 of 3 header bytes"), e.getMessage());

        EmbeddedChannel ch2 = new EmbeddedChannel(new AudioSocketDecoder());
        byte[] partial = Arrays.copyOf(frame(0x10, pcm(320)), 100);
        ch2.writeInbound(Unpooled.wrappedBuffer(partial));
        DecoderException e2 = assertThrows(DecoderException.class, ch2::finish);
        assertTrue(e2.getMessage().contains("97 of 320 payload bytes"), e2.getMessage());
    }

    @Test
    void encoderWritesHeaderAndPayloadInOneBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(AudioSocketEncoder.INSTANCE);
        ch.writeOutbound(new AudioSocketFrame(AudioSocketKind.AUDIO_16K, Unpooled.wrappedBuffer(pcm(640))));
        ch.writeOutbound(AudioSocketFrame.hangup());
        ByteBuf a = ch.readOutbound();
        assertEquals(643, a.readableBytes());
        byte[] got = new byte[643];
        a.readBytes(got);
        assertArrayEquals(frame(0x12, pcm(640)), got);
        a.release();
        ByteBuf h = ch.readOutbound();
        assertEquals(3, h.readableBytes());
        assertEquals(0, h.getByte(0));
        assertEquals(0, h.getShort(1));
        h.release();
        assertFalse(ch.finish());
    }

    @Test
    void encodedFramesDecodeBack() {
        EmbeddedChannel enc = new EmbeddedChannel(AudioSocketEncoder.INSTANCE);
        EmbeddedChannel dec = new EmbeddedChannel(new AudioSocketDecoder());
        enc.writeOutbound(AudioSocketFrame.dtmf('9'));
        ByteBuf wire = enc.readOutbound();
        dec.writeInbound(wire);
        AudioSocketFrame f = dec.readInbound();
        assertEquals('9', f.digit());
        f.release();
        assertFalse(enc.finish());
        assertFalse(dec.finish());
    }

    @Test
    void unknownKindByteIsRejectedByTheEnum() {
        AudioSocketException e = assertThrows(AudioSocketException.class, () -> AudioSocketKind.valueOf((byte) 0x02));
        assertEquals("unknown kind 0x02", e.getMessage());
    }
}
