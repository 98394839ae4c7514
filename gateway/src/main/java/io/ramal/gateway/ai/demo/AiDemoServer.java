package io.ramal.gateway.ai.demo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A voice agent with no AI behind it, for trying the whole path without an account anywhere:
 * a WebSocket server (Netty's codecs) that speaks the same protocol as the AI bridge, on any
 * path. See {@link DemoAgentSession} for what a call hears.
 */
public final class AiDemoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AiDemoServer.class);
    /** Largest message accepted: the caller's audio comes 20 ms at a time. */
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel server;

    private AiDemoServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /**
     * Binds and starts serving.
     *
     * @param listen         address to bind (port 0 for any free one)
     * @param transferTarget what DTMF {@code 0} asks to transfer to
     */
    public static AiDemoServer start(InetSocketAddress listen, String transferTarget) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ramal-ai-demo", true),
                NioIoHandler.newFactory());
        try {
            WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath("/")
                    .checkStartsWith(true)
                    .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                    .build();
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                    new WebSocketServerProtocolHandler(ws), new WebSocketFrameAggregator(MAX_MESSAGE_BYTES),
                                    new DemoAgentSession(transferTarget));
                        }
                    })
                    .bind(listen).sync().channel();
            LOG.info("ai-demo listening url=ws://{}:{}/ transfer-target={}", listen.getHostString(),
                    ((InetSocketAddress) ch.localAddress()).getPort(), transferTarget);
            return new AiDemoServer(group, ch);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Waits until the server is closed. */
    public void awaitClose() throws InterruptedException {
        server.closeFuture().sync();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }
}
