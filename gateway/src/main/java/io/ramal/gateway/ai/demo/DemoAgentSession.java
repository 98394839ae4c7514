package io.ramal.gateway.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.EnergyDetector;
import io.ramal.audio.G711;
import io.ramal.audio.Tone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * One call on the demo agent: greets with two beeps, records what the caller says, and when the
 * caller stops speaking (energy detection with a 700 ms hangover) plays it back in one fast burst,
 * followed by a mark, as an AI service sends its answer. Speaking over its audio sends
 * {@code clear} (barge-in). DTMF {@code 0} asks Ramal to transfer the caller to the demo queue,
 * {@code #} to hang up. Speaks Twilio Media Streams, or raw slin when {@code start} says so.
 *
 * <p>Confined to the connection's event loop.
 */
final class DemoAgentSession extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoAgentSession.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Energy above which a frame is speech, in dBFS. */
    static final double THRESHOLD_DBFS = -40;
    /** Loud frames that start speech. */
    static final int START_FRAMES = 3;
    /** Quiet frames that end it: 700 ms. */
    static final int END_FRAMES = 35;
    /** Most audio recorded per turn. */
    static final int MAX_RECORD_MS = 15_000;
    /** Bytes of mu-law per media message of a burst: 100 ms. */
    static final int BURST_CHUNK = 800;

    private final String transferTarget;
    private final EnergyDetector detector = new EnergyDetector(THRESHOLD_DBFS, START_FRAMES, END_FRAMES);
    private final ArrayDeque<byte[]> preRoll = new ArrayDeque<>();
    private final ByteArrayOutputStream recording = new ByteArrayOutputStream();

    private ChannelHandlerContext ctx;
    private String streamSid = "";
    private String callSid = "";
    private boolean raw;
    private AudioFormat format = AudioFormat.SLIN_8K;
    private int outstandingMarks;
    private int replies;
    /** Set once a transfer or hangup was asked for: the caller is leaving, nothing more to answer. */
    private boolean leaving;

    DemoAgentSession(String transferTarget) {
        this.transferTarget = transferTarget;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
        if (frame instanceof BinaryWebSocketFrame) {
            ByteBuf b = frame.content();
            byte[] slin = new byte[b.readableBytes() & ~1];
            b.getBytes(b.readerIndex(), slin);
            heard(slin);
        } else if (frame instanceof TextWebSocketFrame) {
            JsonNode m = MAPPER.readTree(new ByteBufInputStream(frame.content().duplicate()));
            switch (m.path("event").asText("")) {
                case "start" -> start(m.path("start"));
                case "media" -> {
                    byte[] mulaw = Base64.getDecoder().decode(m.path("media").path("payload").asText(""));
                    byte[] slin = new byte[mulaw.length * 2];
                    G711.muLawDecode(mulaw, 0, slin, 0, mulaw.length);
                    heard(slin);
                }
                case "dtmf" -> dtmf(m.path("dtmf").path("digit").asText(""));
                case "mark" -> outstandingMarks = Math.max(0, outstandingMarks - 1);
                case "stop" -> {
                    LOG.info("ai-demo call={} stopped replies={}", callSid, replies);
                    ctx.close();
                }
                default -> { } // connected, and anything newer
            }
        }
    }

    private void start(JsonNode s) {
        streamSid = s.path("streamSid").asText("");
        callSid = s.path("callSid").asText("");
        JsonNode f = s.path("mediaFormat");
        raw = !"audio/x-mulaw".equals(f.path("encoding").asText());
        format = raw ? AudioFormat.ofSampleRate(f.path("sampleRate").asInt(8000)) : AudioFormat.SLIN_8K;
        LOG.info("ai-demo call={} started ramal={} encoding={} rate={}", callSid,
                s.path("customParameters").path("ramal").asText("?"), f.path("encoding").asText(), format.sampleRate());
        ByteArrayOutputStream greeting = new ByteArrayOutputStream();
        greeting.writeBytes(Tone.beep(format, 523, 0.3, Duration.ofMillis(150)));
        greeting.writeBytes(new byte[format.frameBytes() * 4]);
        greeting.writeBytes(Tone.beep(format, 784, 0.3, Duration.ofMillis(150)));
        say(greeting.toByteArray(), "greeting");
    }

    private void heard(byte[] slin) {
        if (slin.length == 0 || leaving) {
            return;
        }
        EnergyDetector.Event e = detector.accept(slin, 0, slin.length);
        if (e == EnergyDetector.Event.SPEECH_START) {
            if (outstandingMarks > 0) {
                LOG.info("ai-demo call={} barge-in: clear", callSid);
                send(event("clear"));
            }
            preRoll.forEach(recording::writeBytes);
            preRoll.clear();
        }
        if (detector.speaking() || e == EnergyDetector.Event.SPEECH_END) {
            if (recording.size() < (long) format.sampleRate() * 2 * MAX_RECORD_MS / 1000) {
                recording.writeBytes(slin);
            }
        } else {
            preRoll.addLast(slin);
            while (preRoll.size() > START_FRAMES) {
                preRoll.removeFirst();
            }
        }
        if (e == EnergyDetector.Event.SPEECH_END) {
            byte[] heard = recording.toByteArray();
            recording.reset();
            // Leave out the hangover: the caller's silence after the last word.
            int keep = Math.max(0, heard.length - (END_FRAMES - 2) * slin.length);
            replies++;
            LOG.info("ai-demo call={} heard ms={}, answering in one burst", callSid, keep * 1000L / (2L * format.sampleRate()));
            say(java.util.Arrays.copyOf(heard, keep), "reply-" + replies);
        }
    }

    private void dtmf(String digit) {
        LOG.info("ai-demo call={} dtmf digit={}", callSid, digit);
        if (digit.equals("0")) {
            leaving = true;
            say(Tone.beep(format, 660, 0.3, Duration.ofMillis(200)), "transfer");
            ObjectNode m = event("ramal");
            m.put("action", "transfer").put("target", transferTarget).put("afterPlayout", true);
            send(m);
        } else if (digit.equals("#")) {
            leaving = true;
            say(Tone.beep(format, 392, 0.3, Duration.ofMillis(300)), "goodbye");
            ObjectNode m = event("ramal");
            m.put("action", "hangup").put("afterPlayout", true);
            send(m);
        }
    }

    /** Sends {@code slin} at once, as fast as the socket takes it, then a mark. */
    private void say(byte[] slin, String mark) {
        if (raw) {
            ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(slin)));
        } else {
            byte[] mulaw = new byte[slin.length / 2];
            G711.muLawEncode(slin, 0, mulaw, 0, mulaw.length);
            for (int off = 0; off < mulaw.length; off += BURST_CHUNK) {
                int n = Math.min(BURST_CHUNK, mulaw.length - off);
                ObjectNode m = event("media");
                m.putObject("media").put("payload", Base64.getEncoder().encodeToString(
                        java.util.Arrays.copyOfRange(mulaw, off, off + n)));
                ctx.write(text(m));
            }
        }
        ObjectNode m = event("mark");
        m.putObject("mark").put("name", mark);
        outstandingMarks++;
        send(m);
    }

    private ObjectNode event(String name) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("event", name).put("streamSid", streamSid);
        return m;
    }

    private void send(ObjectNode m) {
        ctx.writeAndFlush(text(m));
    }

    private static TextWebSocketFrame text(ObjectNode m) {
        try {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(MAPPER.writeValueAsBytes(m)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("ai-demo call={} error, closing cause=\"{}\"", callSid, cause.toString());
        ctx.close();
    }
}
