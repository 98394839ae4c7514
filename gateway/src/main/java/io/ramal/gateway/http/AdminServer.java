package io.ramal.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.ramal.extensions.StoreHealth;
import io.ramal.gateway.board.Board;
import io.ramal.gateway.cluster.ClusterReport;
import io.ramal.gateway.cluster.ClusterSource;
import io.ramal.gateway.config.HttpSettings;
import io.ramal.gateway.status.Health;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operators' HTTP server, on its own port: {@code GET /health} (200 only when every enabled
 * extension is bound, else 503 naming the ones that are not; 503 too when extensions are
 * configured and none is bound, or when the store is down and no set serves; the store's state
 * in every answer), {@code GET /metrics} (Prometheus text format), {@code GET /extensions} (JSON state of every
 * extension), {@code GET /calls} (the call records, paged: {@link CallsResource}) and {@code GET /cluster}
 * (the nodes and each queue's owner: {@link ClusterReport}). Optional bearer token.
 * Runs on its own event loop; every answer but {@code /calls} is computed from in-memory
 * counters, and {@code /calls} reads the records on a thread of its own, so nothing here blocks.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpSettings settings;
    private final Supplier<List<ListenerReport>> reports;
    private final Supplier<StoreHealth> store;
    private final GatewayMetrics metrics;
    private final CallsResource calls;
    private final Wallboard wallboard;
    private final ClusterSource cluster;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private Channel channel;

    /**
     * @param reports every listener's report now
     * @param store   the extension store's state now
     */
    public AdminServer(HttpSettings settings, Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store,
                       GatewayMetrics metrics) {
        this(settings, reports, store, metrics, null);
    }

    /** As above, serving {@code /calls} from {@code calls} (closed with the server) when not null. */
    public AdminServer(HttpSettings settings, Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store,
                       GatewayMetrics metrics, CallsResource calls) {
        this(settings, reports, store, metrics, calls, null);
    }

    /** As above, also serving the wallboard ({@code /}, {@code /board.json}, {@code /board/events}) of {@code board}. */
    public AdminServer(HttpSettings settings, Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store,
                       GatewayMetrics metrics, CallsResource calls, Board board) {
        this(settings, reports, store, metrics, calls, board, null);
    }

    /**
     * As above, also serving {@code /cluster} from {@code cluster} when not null: a running cluster,
     * or {@link ClusterSource#single} for a gateway alone ({@code "clustered": false}).
     */
    public AdminServer(HttpSettings settings, Supplier<List<ListenerReport>> reports, Supplier<StoreHealth> store,
                       GatewayMetrics metrics, CallsResource calls, Board board, ClusterSource cluster) {
        this.cluster = cluster;
        this.wallboard = board == null ? null : new Wallboard(board, settings.token());
        this.settings = settings;
        this.reports = reports;
        this.store = store;
        this.metrics = metrics;
        this.calls = calls;
    }

    /** Binds and waits for the bind. */
    public AdminServer start(Transport transport) throws InterruptedException {
        Handler handler = new Handler();
        try {
            channel = bind(transport, handler);
        } catch (InterruptedException | RuntimeException e) {
            close(); // the records reader of /calls too
            throw e;
        }
        LOG.info("admin http bound address={} auth={}", channel.localAddress(), settings.token().isEmpty() ? "none" : "bearer");
        return this;
    }

    private Channel bind(Transport transport, Handler handler) throws InterruptedException {
        return new ServerBootstrap().group(transport.group()).channel(transport.serverClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(30))
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(16_384))
                                .addLast(handler);
                    }
                }).bind(settings.bind(), settings.port()).sync().channel();
    }

    /** The bound port (useful when 0 was asked). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2_000);
        }
        if (calls != null) {
            calls.close();
        }
    }

    /** The body and status of {@code /health}. */
    Map<String, Object> health() {
        return Health.of(reports.get(), store.get()).body();
    }

    @Sharable
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            FullHttpResponse res;
            String path = new QueryStringDecoder(req.uri()).path();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (wallboard != null && Wallboard.serves(path)) {
                wallboardRequest(ctx, req, path, keepAlive);
                return;
            }
            // /health stays open: load balancers and container health checks carry no token.
            if (!path.equals("/health") && !authorized(req)) {
                res = text(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token\n");
                res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            } else if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
                res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
                res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            } else {
                switch (path) {
                    case "/health" -> {
                        Map<String, Object> h = health();
                        res = body("UP".equals(h.get("status")) ? HttpResponseStatus.OK
                                : HttpResponseStatus.SERVICE_UNAVAILABLE, json.writeValueAsBytes(h), "application/json");
                    }
                    case "/metrics" -> res = body(HttpResponseStatus.OK, metrics.scrape(), metrics.contentType());
                    case "/extensions" -> res = body(HttpResponseStatus.OK,
                            json.writerWithDefaultPrettyPrinter().writeValueAsBytes(reports.get()), "application/json");
                    case "/cluster" -> res = cluster == null
                            ? text(HttpResponseStatus.NOT_FOUND, "/cluster is not served by this server\n")
                            : body(HttpResponseStatus.OK, json.writerWithDefaultPrettyPrinter()
                                    .writeValueAsBytes(ClusterReport.body(cluster)), "application/json");
                    case "/calls" -> {
                        if (calls != null) {
                            readCalls(ctx, req.uri(), keepAlive);
                            return;
                        }
                        res = text(HttpResponseStatus.NOT_FOUND, "/calls is not served by this server\n");
                    }
                    default -> res = text(HttpResponseStatus.NOT_FOUND,
                            "not found; try /, /health, /metrics, /extensions, /calls, /cluster, /board.json\n");
                }
            }
            send(ctx, res, keepAlive);
        }

        /** The page, its data and its stream; the login form and the kiosk URL. */
        private void wallboardRequest(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive) {
            boolean post = req.method().equals(HttpMethod.POST);
            if (!(post && path.equals("/login")) && !req.method().equals(HttpMethod.GET)
                    && !req.method().equals(HttpMethod.HEAD)) {
                FullHttpResponse res = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
                res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                send(ctx, res, keepAlive);
                return;
            }
            boolean ok = Wallboard.authorized(req, settings.token());
            FullHttpResponse res = wallboard.handle(ctx, req, path, ok);
            if (res == null && !ok) {
                res = text(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token\n");
                res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            if (res != null) {
                send(ctx, res, keepAlive);
            }
        }

        /**
         * Reads the records off the event loop and answers back on it. The connection reads
         * nothing more meanwhile, so a pipelined request cannot be answered before this one.
         */
        private void readCalls(ChannelHandlerContext ctx, String uri, boolean keepAlive) {
            ctx.channel().config().setAutoRead(false);
            calls.handle(uri, a -> ctx.channel().eventLoop().execute(() -> {
                send(ctx, body(a.status(), a.body(), a.contentType()), keepAlive);
                ctx.channel().config().setAutoRead(true);
            }));
        }

        private void send(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
            HttpUtil.setContentLength(res, res.content().readableBytes());
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("admin http error remote={} cause=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private boolean authorized(FullHttpRequest req) {
            return Wallboard.authorized(req, settings.token());
        }

        private FullHttpResponse text(HttpResponseStatus status, String s) {
            return body(status, s.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }

        private FullHttpResponse body(HttpResponseStatus status, byte[] bytes, String type) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            return r;
        }
    }
}
