package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay header's wire form and every check its verification makes. */
class RelayHeaderTest {

    static final byte[] SECRET = "0123456789abcdef-cluster".getBytes(StandardCharsets.US_ASCII);
    static final long NOW = 1_760_000_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    private final UUID call = UUID.randomUUID();
    private final RelayHeader header = new RelayHeader(call, "9100", "suporte-técnico", RelayRole.CALLER,
            NOW - 42_000, "node-b", 16_000, NOW);

    private static RelayRefusal refusal(ByteBuf payload, UUID id, byte[] secret, Clock clock) {
        try {
            RelayHeader.verify(payload, id, secret, clock);
        } catch (RelayRefusedException e) {
            assertFalse(e.getMessage().contains(new String(secret, StandardCharsets.ISO_8859_1)), e.getMessage());
            return e.reason();
        } finally {
            payload.release();
        }
        return null;
    }

    @Test
    void aHeaderComesBackAsItWasSent() throws Exception {
        ByteBuf p = header.encode(ByteBufAllocator.DEFAULT, SECRET);
        int before = p.readerIndex();
        try {
            assertEquals(header, RelayHeader.verify(p, call, SECRET, CLOCK));
            assertEquals(before, p.readerIndex(), "the payload is not consumed");
        } finally {
            p.release();
        }
        RelayHeader attendant = new RelayHeader(call, "r", "q", RelayRole.ATTENDANT, 0, "n", 8_000, NOW + 29_000);
        ByteBuf q = attendant.encode(ByteBufAllocator.DEFAULT, SECRET);
        try {
            assertEquals(attendant, RelayHeader.verify(q, call, SECRET, CLOCK), "29 s ahead is within the skew");
        } finally {
            q.release();
        }
    }

    @Test
    void everyByteChangedIsRefusedAsABadMac() {
        ByteBuf good = header.encode(ByteBufAllocator.DEFAULT, SECRET);
        byte[] bytes = new byte[good.readableBytes()];
        good.readBytes(bytes);
        good.release();
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            assertEquals(RelayRefusal.BAD_MAC, refusal(Unpooled.wrappedBuffer(tampered), call, SECRET, CLOCK),
                    "byte " + i + " of " + bytes.length + " flipped");
        }
    }

    @Test
    void anotherSecretIsRefusedAsABadMac() {
        byte[] other = SECRET.clone();
        other[3] ^= 0x20;
        assertEquals(RelayRefusal.BAD_MAC, refusal(header.encode(ByteBufAllocator.DEFAULT, other), call, SECRET, CLOCK));
    }

    @Test
    void aHeaderForAnotherCallIsRefused() {
        assertEquals(RelayRefusal.WRONG_CALL,
                refusal(header.encode(ByteBufAllocator.DEFAULT, SECRET), UUID.randomUUID(), SECRET, CLOCK));
    }

    @Test
    void aHeaderSentMoreThanThirtySecondsFromTheClockIsRefused() {
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofSeconds(31));
        Clock earlier = Clock.offset(CLOCK, java.time.Duration.ofSeconds(-31));
        assertEquals(RelayRefusal.EXPIRED, refusal(header.encode(ByteBufAllocator.DEFAULT, SECRET), call, SECRET, later));
        assertEquals(RelayRefusal.EXPIRED, refusal(header.encode(ByteBufAllocator.DEFAULT, SECRET), call, SECRET, earlier));
    }

    @Test
    void shortAndOversizeHeadersAreRefusedBeforeAnyMac() {
        ByteBuf good = header.encode(ByteBufAllocator.DEFAULT, SECRET);
        ByteBuf cut = good.retainedSlice(good.readerIndex(), 40);
        good.release();
        assertEquals(RelayRefusal.BAD_HEADER, refusal(cut, call, SECRET, CLOCK));
        assertEquals(RelayRefusal.BAD_HEADER, refusal(Unpooled.wrappedBuffer(new byte[1025]), call, SECRET, CLOCK));
    }

    /** Fields signed with the right secret that still do not parse: only a node with the secret could send them. */
    @Test
    void signedFieldsThatDoNotParseAreRefusedAsABadHeader() throws Exception {
        byte[] badUtf8 = {(byte) 0xc3, (byte) 0x28};
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(fields(1, "9100".getBytes(), badUtf8, 0, 8000, 0)),
                call, SECRET, CLOCK), "queue not UTF-8");
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(fields(2, "9100".getBytes(), "q".getBytes(), 0, 8000, 0)),
                call, SECRET, CLOCK), "version 2");
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(fields(1, "9100".getBytes(), "q".getBytes(), 7, 8000, 0)),
                call, SECRET, CLOCK), "role 7");
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(fields(1, "9100".getBytes(), "q".getBytes(), 0, 11_025, 0)),
                call, SECRET, CLOCK), "rate 11025");
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(fields(1, new byte[0], "q".getBytes(), 0, 8000, 0)),
                call, SECRET, CLOCK), "empty ramal");
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(fields(1, "9100".getBytes(), "q".getBytes(), 0, 8000, 3)),
                call, SECRET, CLOCK), "bytes after the last field");
        byte[] runsPast = fields(1, "9100".getBytes(), "q".getBytes(), 0, 8000, 0);
        runsPast[17] = (byte) 200; // the ramal's length claims more than the header holds
        assertEquals(RelayRefusal.BAD_HEADER, refusal(signed(runsPast), call, SECRET, CLOCK), "a length past the end");
        ByteBuf valid = signed(fields(1, "9100".getBytes(), "q".getBytes(), 0, 8000, 0));
        try {
            assertEquals("q", RelayHeader.verify(valid, call, SECRET, CLOCK).queue(), "the same construction, valid, passes");
        } finally {
            valid.release();
        }
    }

    @Test
    void secretsShorterThanSixteenBytesAreRefusedWithoutSayingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> header.encode(ByteBufAllocator.DEFAULT, "short-secret".getBytes()));
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
    }

    @Test
    void namesLongerThanTheirLengthByteAreRefusedAtConstruction() {
        String longName = "x".repeat(256);
        assertThrows(IllegalArgumentException.class,
                () -> new RelayHeader(call, "r", longName, RelayRole.CALLER, 0, "n", 8000, NOW));
        assertThrows(IllegalArgumentException.class,
                () -> new RelayHeader(call, "r", "q", RelayRole.CALLER, 0, "", 8000, NOW));
    }

    /** The header's fields laid out by hand, with the given version, ramal, queue, role byte, rate and trailing bytes. */
    private byte[] fields(int version, byte[] ramal, byte[] queue, int role, int rate, int trailing) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(version).writeLong(call.getMostSignificantBits()).writeLong(call.getLeastSignificantBits());
        b.writeByte(ramal.length).writeBytes(ramal);
        b.writeByte(queue.length).writeBytes(queue);
        b.writeByte(role).writeLong(NOW).writeByte(1).writeByte('n').writeInt(rate).writeLong(NOW);
        b.writeZero(trailing);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /** {@code fields} with their HMAC-SHA256 under {@link #SECRET}, as a node with the secret would send them. */
    private static ByteBuf signed(byte[] fields) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return Unpooled.wrappedBuffer(fields, mac.doFinal(fields));
    }
}
