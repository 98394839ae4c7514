package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.LogText;
import io.ramal.gateway.codec.AudioSocketDecoder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * What a relaying node tells the queue's owner about a call, in the payload of the
 * {@link io.ramal.gateway.codec.AudioSocketKind#RELAY_HEADER} frame that follows the call's id
 * frame, authenticated with the cluster secret ({@code node.secret}).
 *
 * <p>Layout (version 1), big-endian:
 * <pre>
 *   1  version (1)
 *  16  call id (the same UUID as the id frame)
 * 1+n  ramal the call came in on: length, UTF-8
 * 1+n  queue
 *   1  role: 0 caller, 1 attendant
 *   8  arrived-at, epoch milliseconds: the caller's place in the queue, kept across owners
 * 1+n  from-node: the relaying node's name
 *   4  sample rate of the call's audio, Hz
 *   8  sent-at, epoch milliseconds
 *  32  HMAC-SHA256 with the secret over every byte before it
 * </pre>
 * The MAC is checked first, in constant time, so that nothing a stranger sends reaches the parser;
 * then the fields, strictly (lengths exact, UTF-8 well formed, role and rate known); then that the
 * header names the id frame's call and was sent within {@link #MAX_SKEW} of this node's clock, so a
 * recorded header cannot be replayed later or for another call.
 *
 * @param call            the call's UUID, as in its id frame
 * @param ramal           the extension the call reached on the relaying node
 * @param queue           the queue whose owner serves it
 * @param role            caller or attendant
 * @param arrivedAtMillis when the call first entered the queue (epoch ms), kept when it is relayed again
 * @param fromNode        the relaying node's name
 * @param sampleRate      the call's audio rate, Hz
 * @param sentAtMillis    when the header was sent (epoch ms)
 */
public record RelayHeader(UUID call, String ramal, String queue, RelayRole role, long arrivedAtMillis,
                          String fromNode, int sampleRate, long sentAtMillis) {

    /** The layout's version byte. */
    public static final int VERSION = 1;
    /** Bytes of the MAC at the end of the payload. */
    public static final int MAC_BYTES = 32;
    /** Longest name (ramal, queue, node) in UTF-8 bytes: its length is one byte. */
    public static final int MAX_NAME_BYTES = 255;
    /** Fewest secret bytes: 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;
    /** How far a header's sent-at may be from the receiving node's clock. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(30);

    /** Version, call id, three names of one byte each, role, arrived-at, rate, sent-at, MAC. */
    private static final int MIN_BYTES = 1 + 16 + 3 * 2 + 1 + 8 + 4 + 8 + MAC_BYTES;
    private static final String HMAC = "HmacSHA256";

    public RelayHeader {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(role, "role");
        checkName("ramal", ramal);
        checkName("queue", queue);
        checkName("from-node", fromNode);
        AudioFormat.ofSampleRate(sampleRate);
    }

    /**
     * The payload of the RELAY_HEADER frame: every field, then the MAC over them with {@code secret}.
     * The caller owns (and releases) the buffer.
     */
    public ByteBuf encode(ByteBufAllocator alloc, byte[] secret) {
        Mac mac = mac(secret);
        byte[] r = utf8(ramal);
        byte[] q = utf8(queue);
        byte[] n = utf8(fromNode);
        int fields = 1 + 16 + 1 + r.length + 1 + q.length + 1 + 8 + 1 + n.length + 4 + 8;
        ByteBuf out = alloc.buffer(fields + MAC_BYTES);
        try {
            out.writeByte(VERSION);
            out.writeLong(call.getMostSignificantBits()).writeLong(call.getLeastSignificantBits());
            out.writeByte(r.length).writeBytes(r);
            out.writeByte(q.length).writeBytes(q);
            out.writeByte(role.byteValue());
            out.writeLong(arrivedAtMillis);
            out.writeByte(n.length).writeBytes(n);
            out.writeInt(sampleRate);
            out.writeLong(sentAtMillis);
            mac.update(out.nioBuffer(out.readerIndex(), out.readableBytes()));
            out.writeBytes(mac.doFinal());
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * The header in {@code payload} (not consumed, not released), once its MAC matches
     * {@code secret}, its fields parse, it names {@code idFrameUuid} and its sent-at is within
     * {@link #MAX_SKEW} of {@code clock}.
     *
     * @throws RelayRefusedException saying which check failed; the detail never holds the secret or the MAC
     */
    public static RelayHeader verify(ByteBuf payload, UUID idFrameUuid, byte[] secret, Clock clock)
            throws RelayRefusedException {
        int start = payload.readerIndex();
        int length = payload.readableBytes();
        if (length < MIN_BYTES || length > AudioSocketDecoder.MAX_RELAY_HEADER_BYTES) {
            throw new RelayRefusedException(RelayRefusal.BAD_HEADER, "header of " + length + " bytes, expected "
                    + MIN_BYTES + ".." + AudioSocketDecoder.MAX_RELAY_HEADER_BYTES);
        }
        int fields = length - MAC_BYTES;
        Mac mac = mac(secret);
        mac.update(payload.nioBuffer(start, fields));
        byte[] expected = mac.doFinal();
        byte[] given = new byte[MAC_BYTES];
        payload.getBytes(start + fields, given);
        if (!MessageDigest.isEqual(expected, given)) { // constant time
            throw new RelayRefusedException(RelayRefusal.BAD_MAC, "MAC does not match the cluster secret");
        }
        RelayHeader h = parse(payload.slice(start, fields));
        if (!h.call.equals(idFrameUuid)) {
            throw new RelayRefusedException(RelayRefusal.WRONG_CALL, "header names call " + h.call
                    + ", the id frame " + idFrameUuid);
        }
        long skew = clock.millis() - h.sentAtMillis;
        if (Math.abs(skew) > MAX_SKEW.toMillis()) {
            throw new RelayRefusedException(RelayRefusal.EXPIRED, "sent-at " + skew + " ms from this node's clock, at most "
                    + MAX_SKEW.toMillis());
        }
        return h;
    }

    /** The fields of an authenticated header, strictly. */
    private static RelayHeader parse(ByteBuf in) throws RelayRefusedException {
        try {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw bad("version " + version + ", expected " + VERSION);
            }
            UUID call = new UUID(in.readLong(), in.readLong());
            String ramal = name(in, "ramal");
            String queue = name(in, "queue");
            RelayRole role = RelayRole.valueOf(in.readByte());
            long arrivedAt = in.readLong();
            String node = name(in, "from-node");
            int rate = in.readInt();
            long sentAt = in.readLong();
            if (in.isReadable()) {
                throw bad(in.readableBytes() + " bytes after the last field");
            }
            return new RelayHeader(call, ramal, queue, role, arrivedAt, node, rate, sentAt);
        } catch (IndexOutOfBoundsException e) {
            throw bad("a field runs past the header's end");
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static String name(ByteBuf in, String what) throws RelayRefusedException {
        int n = in.readUnsignedByte();
        if (n > in.readableBytes()) {
            throw bad(what + " of " + n + " bytes runs past the header's end");
        }
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), n);
        in.skipBytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString(); // REPORT: malformed input throws
        } catch (CharacterCodingException e) {
            throw bad(what + " is not valid UTF-8");
        }
    }

    private static RelayRefusedException bad(String detail) {
        return new RelayRefusedException(RelayRefusal.BAD_HEADER, detail);
    }

    private static void checkName(String what, String value) {
        Objects.requireNonNull(value, what);
        int n = utf8(value).length;
        if (n == 0 || n > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " of " + n + " UTF-8 bytes, allowed: 1.." + MAX_NAME_BYTES);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks a cluster secret: at least {@link #MIN_SECRET_BYTES} bytes.
     *
     * @throws IllegalArgumentException saying how long it must be (never what it is)
     */
    public static byte[] checkSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("node.secret must have at least " + MIN_SECRET_BYTES + " bytes, has "
                    + (secret == null ? 0 : secret.length));
        }
        return secret;
    }

    private static Mac mac(byte[] secret) {
        checkSecret(secret);
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(new SecretKeySpec(secret, HMAC));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JVM", e);
        }
    }

    /** For logs: the names escaped, as they came from the network. */
    @Override
    public String toString() {
        return "RelayHeader(call=" + call + " ramal=" + LogText.escape(ramal) + " queue=" + LogText.escape(queue)
                + " role=" + role.label() + " from-node=" + LogText.escape(fromNode) + ")";
    }
}
