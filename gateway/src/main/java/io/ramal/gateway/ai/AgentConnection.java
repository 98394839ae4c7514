package io.ramal.gateway.ai;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One call's WebSocket to its agent, built from Netty's HTTP and WebSocket codecs on the call's
 * own event loop: TCP connect, TLS for {@code wss}, the upgrade with the extension's headers,
 * then whole messages (fragments reassembled) handed to a {@link Listener}. Every outcome ends
 * in exactly one {@link Listener#agentClosed} unless {@link #close} was called first.
 *
 * <p>Confined to the call's event loop: the listener is called there, and {@code send} and
 * {@code close} must be called there.
 */
final class AgentConnection {

    /** Largest message accepted from the agent: 8 MiB holds minutes of base64 mu-law. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    /** What the connection reports, on the call's event loop. */
    interface Listener {
        /** The WebSocket handshake completed. */
        void agentOpen();

        /** A whole text message; valid only during the call. */
        void agentText(ByteBuf utf8);

        /** A whole binary message; valid only during the call. */
        void agentBinary(ByteBuf data);

        /**
         * The connection failed or closed without {@link #close} being called.
         *
         * @param why   short reason for logs: {@code unreachable}, {@code handshake-refused},
         *              {@code handshake-timeout}, {@code closed}, {@code error}
         * @param cause what Netty reported, or null
         */
        void agentClosed(String why, Throwable cause);
    }

    private final Listener listener;
    private Channel channel;
    private boolean open;
    /** Set once the listener was told, or the owner closed: nothing more is reported. */
    private boolean done;
    private Throwable failure;

    private AgentConnection(Listener listener) {
        this.listener = listener;
    }

    /**
     * Starts connecting; the result comes through {@code listener}.
     *
     * @param ssl      for {@code wss}; null refuses {@code wss} URIs
     * @param resolver non-blocking name resolution; null for Netty's default
     */
    static AgentConnection open(EventLoop loop, Class<? extends SocketChannel> channelClass, SslContext ssl,
                                AddressResolverGroup<? extends SocketAddress> resolver, URI uri,
                                Map<String, String> headers, Duration timeout, Listener listener) {
        AgentConnection c = new AgentConnection(listener);
        boolean secure = uri.getScheme().toLowerCase(Locale.ROOT).equals("wss");
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        HttpHeaders custom = new DefaultHttpHeaders();
        headers.forEach(custom::add);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(custom)
                .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .handshakeTimeoutMillis(timeout.toMillis())
                .sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
                .forceCloseTimeoutMillis(1000)
                .dropPongFrames(true)
                .build();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (secure) {
                            p.addLast("tls", ssl.newHandler(ch.alloc(), host, port));
                        }
                        p.addLast("http", new HttpClientCodec());
                        p.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
                        p.addLast("ws", new WebSocketClientProtocolHandler(config));
                        p.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
                        p.addLast("agent", c.new Inbound());
                    }
                });
        if (resolver != null) {
            b.resolver(resolver);
        }
        if (secure && ssl == null) {
            loop.execute(() -> c.fail("unreachable", new IllegalStateException("wss is not available: no TLS context")));
            return c;
        }
        ChannelFuture f = b.connect(InetSocketAddress.createUnresolved(host, port));
        c.channel = f.channel();
        f.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                // Always after open() returned, even when the connect failed on the spot.
                loop.execute(() -> c.fail("unreachable", future.cause()));
            }
        });
        return c;
    }

    /** The allocator of the agent's channel, for messages to send. */
    io.netty.buffer.ByteBufAllocator alloc() {
        return channel != null ? channel.alloc() : io.netty.buffer.ByteBufAllocator.DEFAULT;
    }

    /** True between the handshake and the close. */
    boolean isOpen() {
        return open && channel.isActive();
    }

    /** True when the agent reads fast enough for more to be written. */
    boolean isWritable() {
        return isOpen() && channel.isWritable();
    }

    /** Sends a text message (takes ownership of {@code utf8}); dropped when not open. */
    void sendText(ByteBuf utf8) {
        send(new TextWebSocketFrame(utf8));
    }

    /** Sends a message (takes ownership of {@code frame}); dropped when not open. */
    void send(WebSocketFrame frame) {
        if (!isOpen()) {
            frame.release();
            return;
        }
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /**
     * Closes without reporting: sends {@code last} (a text message, may be null) when open,
     * then a close frame, then closes the socket.
     */
    void close(ByteBuf last) {
        done = true;
        if (isOpen()) {
            if (last != null) {
                channel.write(new TextWebSocketFrame(last), channel.voidPromise());
            }
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
            // An agent that never reads would keep it open: close regardless after a moment.
            Channel ch = channel;
            ch.eventLoop().schedule(() -> {
                if (ch.isOpen()) {
                    ch.close();
                }
            }, 1, TimeUnit.SECONDS);
        } else {
            if (last != null) {
                last.release();
            }
            if (channel != null) {
                channel.close();
            }
        }
        open = false;
    }

    private void fail(String why, Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        open = false;
        if (channel != null) {
            channel.close();
        }
        listener.agentClosed(why, cause);
    }

    /** The last handler of the pipeline: events and whole messages, passed to the listener. */
    private final class Inbound extends SimpleChannelInboundHandler<WebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                if (!done) {
                    open = true;
                    listener.agentOpen();
                }
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                fail("handshake-timeout", null);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (done) {
                return;
            }
            if (frame instanceof TextWebSocketFrame) {
                listener.agentText(frame.content());
            } else if (frame instanceof BinaryWebSocketFrame) {
                listener.agentBinary(frame.content());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!done) {
                String why;
                if (open) {
                    why = failure == null ? "closed" : "error";
                } else {
                    why = failure instanceof io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException
                            ? "handshake-refused" : failure == null ? "closed-before-handshake" : "handshake-failed";
                }
                fail(why, failure);
            }
            super.channelInactive(ctx);
        }
    }
}
