package io.ramal.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ramal.audio.G711;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A scriptable voice agent for the tests: a real WebSocket server (Netty's codecs) on
 * 127.0.0.1. Each connection becomes a {@link Session} that records everything the gateway sends
 * (with arrival times) and lets the test send anything: bursts of media, marks, clear, control
 * messages, or kill the socket. Set {@link #refuse} to answer handshakes with 403.
 */
final class TestAgent implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-agent", true),
            NioIoHandler.newFactory());
    private final Channel server;
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    volatile boolean refuse;
    /** How long each WebSocket handshake waits before it is answered: a remote agent, or TLS. */
    volatile Duration handshakeDelay = Duration.ZERO;

    /** What the gateway sent, as received. */
    record Received(JsonNode json, byte[] binary, long nanos) {
        String event() {
            return json == null ? "" : json.path("event").asText();
        }
    }

    TestAgent() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Session s = new Session(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Gate(s),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build()),
                                new WebSocketFrameAggregator(1 << 20), s);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** {@code ws://127.0.0.1:port/} followed by {@code path}. */
    String url(String path) {
        return "ws://127.0.0.1:" + port() + "/" + path;
    }

    /** The next connection that completed its handshake and sent {@code start}. */
    Session awaitSession(Duration timeout) throws InterruptedException {
        Session s = sessions.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(s, "no agent session within " + timeout.toMillis() + " ms");
        s.awaitEvent("start", Duration.ofSeconds(5));
        return s;
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }

    /** Records the upgrade request, or refuses it. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        private final Session session;

        Gate(Session session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                session.uri = req.uri();
                session.headers = req.headers().copy();
                if (refuse) {
                    req.release();
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                long delay = handshakeDelay.toNanos();
                if (delay > 0) {
                    ctx.executor().schedule(() -> ctx.fireChannelRead(msg), delay, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** One call's connection, seen from the agent. */
    final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {
        final Channel channel;
        final List<Received> received = new ArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String uri;
        volatile HttpHeaders headers;
        volatile String streamSid = "";

        Session(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                sessions.add(this);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
            long now = System.nanoTime();
            Received r;
            if (frame instanceof TextWebSocketFrame) {
                JsonNode json = MAPPER.readTree(new ByteBufInputStream(frame.content().duplicate()));
                if (json.path("event").asText().equals("start")) {
                    streamSid = json.path("start").path("streamSid").asText();
                }
                r = new Received(json, null, now);
            } else if (frame instanceof BinaryWebSocketFrame) {
                byte[] b = new byte[frame.content().readableBytes()];
                frame.content().getBytes(frame.content().readerIndex(), b);
                r = new Received(null, b, now);
            } else {
                return;
            }
            synchronized (received) {
                received.add(r);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed.countDown();
            super.channelInactive(ctx);
        }

        /** Everything received so far. */
        List<Received> all() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        /** The messages of {@code event} received so far. */
        List<Received> events(String event) {
            return all().stream().filter(r -> r.event().equals(event)).toList();
        }

        /** The first message of {@code event}, waiting for it. */
        Received awaitEvent(String event, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<Received> l = events(event);
                if (!l.isEmpty()) {
                    return l.get(0);
                }
                Thread.sleep(5);
            }
            throw new AssertionError("agent did not receive '" + event + "' within " + timeout.toMillis()
                    + " ms; received events " + all().stream().map(Received::event).distinct().toList());
        }

        ObjectNode message(String event) {
            ObjectNode m = MAPPER.createObjectNode();
            m.put("event", event).put("streamSid", streamSid);
            return m;
        }

        /** Sends {@code slin} (8 kHz) as mu-law media messages of {@code chunkBytes}, all at once. */
        void sendMedia(byte[] slin, int chunkBytes) {
            byte[] mulaw = new byte[slin.length / 2];
            G711.muLawEncode(slin, 0, mulaw, 0, mulaw.length);
            for (int off = 0; off < mulaw.length; off += chunkBytes) {
                int n = Math.min(chunkBytes, mulaw.length - off);
                ObjectNode m = message("media");
                m.putObject("media").put("payload", Base64.getEncoder().encodeToString(
                        java.util.Arrays.copyOfRange(mulaw, off, off + n)));
                channel.write(text(m));
            }
            channel.flush();
        }

        void sendMark(String name) {
            ObjectNode m = message("mark");
            m.putObject("mark").put("name", name);
            send(m);
        }

        void send(ObjectNode m) {
            channel.writeAndFlush(text(m));
        }

        void sendRawText(String s) {
            channel.writeAndFlush(new TextWebSocketFrame(s));
        }

        void sendBinary(byte[] b) {
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)));
        }

        /** Drops the TCP connection without a close frame: the agent process died. */
        void kill() {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }

        boolean awaitClosed(Duration timeout) throws InterruptedException {
            return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        private TextWebSocketFrame text(ObjectNode m) {
            try {
                return new TextWebSocketFrame(Unpooled.wrappedBuffer(MAPPER.writeValueAsBytes(m)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
