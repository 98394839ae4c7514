package io.ramal.gateway.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.ramal.audio.AudioFormat;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the client's side of Twilio Media Streams as UTF-8 JSON, one message per buffer:
 * {@code connected}, {@code start}, {@code media}, {@code dtmf}, {@code mark}, {@code stop}, and
 * Ramal's {@code ramal} replies. Numbers are strings and every message after {@code connected}
 * carries {@code sequenceNumber} and {@code streamSid}, as Twilio sends them.
 *
 * <p>{@code media} is written straight into the output buffer through a reused base64 array: the
 * only allocation per 20 ms frame is the (pooled) buffer itself. Control messages are rare and go
 * through Jackson.
 *
 * <p>Confined to the call's event loop: the counters and the array need no locks.
 */
final class MediaStreamWriter {

    /** The {@code accountSid} of every stream. */
    static final String ACCOUNT_SID = "ramal";
    /** The encoding named in {@code start} for the raw protocol. */
    static final String SLIN_ENCODING = "audio/x-slin";
    /** The encoding named in {@code start} for Twilio Media Streams. */
    static final String MULAW_ENCODING = "audio/x-mulaw";

    private static final byte[] MEDIA_HEAD = ascii("{\"event\":\"media\",\"sequenceNumber\":\"");
    private static final byte[] MEDIA_CHUNK = ascii("\",\"media\":{\"track\":\"inbound\",\"chunk\":\"");
    private static final byte[] MEDIA_TIMESTAMP = ascii("\",\"timestamp\":\"");
    private static final byte[] MEDIA_PAYLOAD = ascii("\",\"payload\":\"");
    private static final byte[] MEDIA_SID = ascii("\"},\"streamSid\":\"");
    private static final byte[] MEDIA_TAIL = ascii("\"}");

    private final String streamSid;
    private final String callSid;
    private final byte[] streamSidAscii;
    private final Base64.Encoder base64 = Base64.getEncoder();
    private byte[] encoded = new byte[4 * ((160 + 2) / 3)];
    private long sequence;
    private long chunk;

    /**
     * @param streamSid the stream's id ({@code MZ...})
     * @param callSid   the call's id: the AudioSocket UUID
     */
    MediaStreamWriter(String streamSid, String callSid) {
        this.streamSid = streamSid;
        this.callSid = callSid;
        this.streamSidAscii = ascii(streamSid);
    }

    /** The writer of a new stream of call {@code callSid}, with a stream id of its own ({@code MZ...}). */
    static MediaStreamWriter newStream(String callSid) {
        return new MediaStreamWriter("MZ" + UUID.randomUUID().toString().replace("-", ""), callSid);
    }

    String streamSid() {
        return streamSid;
    }

    /** Messages written so far (the last {@code sequenceNumber}). */
    long sequence() {
        return sequence;
    }

    ByteBuf connected(ByteBufAllocator alloc) {
        ObjectNode m = AgentMessage.MAPPER.createObjectNode();
        m.put("event", "connected").put("protocol", "Call").put("version", "1.0.0");
        return write(alloc, m);
    }

    /**
     * The {@code start} message.
     *
     * @param ramal       the extension, also added to the custom parameters as {@code ramal}
     * @param parameters  the extension's {@code parameters}
     * @param encoding    what the audio will be: {@link #MULAW_ENCODING} or {@link #SLIN_ENCODING}
     * @param agentFormat the rate of that audio
     */
    ByteBuf start(ByteBufAllocator alloc, String ramal, Map<String, String> parameters, String encoding,
                  AudioFormat agentFormat) {
        ObjectNode m = header("start");
        ObjectNode s = m.putObject("start");
        s.put("accountSid", ACCOUNT_SID).put("streamSid", streamSid).put("callSid", callSid);
        s.putArray("tracks").add("inbound");
        ObjectNode custom = s.putObject("customParameters");
        parameters.forEach(custom::put);
        custom.put("ramal", ramal);
        ObjectNode f = s.putObject("mediaFormat");
        f.put("encoding", encoding).put("sampleRate", agentFormat.sampleRate()).put("channels", 1);
        return write(alloc, m);
    }

    /** One {@code media} message carrying all of {@code audio} (mu-law bytes), stamped {@code timestampMs}. */
    ByteBuf media(ByteBufAllocator alloc, byte[] audio, long timestampMs) {
        int b64 = 4 * ((audio.length + 2) / 3);
        if (encoded.length < b64) {
            encoded = new byte[b64];
        }
        int n = base64.encode(audio, encoded);
        long seq = ++sequence;
        long c = ++chunk;
        ByteBuf out = alloc.buffer(MEDIA_HEAD.length + MEDIA_CHUNK.length + MEDIA_TIMESTAMP.length + MEDIA_PAYLOAD.length
                + MEDIA_SID.length + MEDIA_TAIL.length + 60 + n + streamSidAscii.length);
        out.writeBytes(MEDIA_HEAD);
        writeDecimal(out, seq);
        out.writeBytes(MEDIA_CHUNK);
        writeDecimal(out, c);
        out.writeBytes(MEDIA_TIMESTAMP);
        writeDecimal(out, timestampMs);
        out.writeBytes(MEDIA_PAYLOAD);
        out.writeBytes(encoded, 0, n);
        out.writeBytes(MEDIA_SID);
        out.writeBytes(streamSidAscii);
        out.writeBytes(MEDIA_TAIL);
        return out;
    }

    /** A caller's DTMF digit. */
    ByteBuf dtmf(ByteBufAllocator alloc, char digit) {
        ObjectNode m = header("dtmf");
        m.putObject("dtmf").put("track", "inbound_track").put("digit", String.valueOf(digit));
        return write(alloc, m);
    }

    /** The echo of the agent's mark {@code name}. */
    ByteBuf mark(ByteBufAllocator alloc, String name) {
        ObjectNode m = header("mark");
        m.putObject("mark").put("name", name);
        return write(alloc, m);
    }

    /** The end of the stream. */
    ByteBuf stop(ByteBufAllocator alloc) {
        ObjectNode m = header("stop");
        m.putObject("stop").put("accountSid", ACCOUNT_SID).put("callSid", callSid);
        return write(alloc, m);
    }

    /** Ramal's answer to a control message it could not carry out. */
    ByteBuf ramalFailed(ByteBufAllocator alloc, String action, String target, String reason) {
        ObjectNode m = header("ramal");
        m.put("action", action + "-failed");
        if (target != null) {
            m.put("target", target);
        }
        m.put("reason", reason);
        return write(alloc, m);
    }

    private ObjectNode header(String event) {
        ObjectNode m = AgentMessage.MAPPER.createObjectNode();
        m.put("event", event).put("sequenceNumber", Long.toString(++sequence)).put("streamSid", streamSid);
        return m;
    }

    private static ByteBuf write(ByteBufAllocator alloc, ObjectNode m) {
        byte[] bytes;
        try {
            bytes = AgentMessage.MAPPER.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always serialises
        }
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /** Writes a non-negative {@code v} in decimal, without a String. */
    static void writeDecimal(ByteBuf out, long v) {
        if (v < 10) {
            out.writeByte('0' + (int) v);
            return;
        }
        long div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        while (div > 0) {
            out.writeByte('0' + (int) (v / div % 10));
            div /= 10;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
