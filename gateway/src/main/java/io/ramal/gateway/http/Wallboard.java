package io.ramal.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.ramal.gateway.board.Board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The wallboard's side of the admin server: the page ({@code /}, its script and style, from the
 * jar), the snapshot ({@code /board.json}) and the live stream ({@code /board/events},
 * server-sent events, one message a second). A browser cannot send a bearer header when it
 * opens a page, so the token may also come as the {@code ramal_token} cookie, set by the login
 * form ({@code POST /login}) or by opening {@code /?token=...} once (a kiosk's URL); the cookie is
 * HttpOnly and SameSite=Strict.
 *
 * <p>A stream that cannot keep up (its socket full) misses snapshots instead of queueing them:
 * the next one says everything anyway. At most {@link #MAX_STREAMS} streams are open at once.
 */
final class Wallboard {

    static final String COOKIE = "ramal_token";
    static final int MAX_STREAMS = 64;
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/wallboard.js", "wallboard.js", "/wallboard.css", "wallboard.css");

    private final Board board;
    private final String token;
    private final AtomicInteger streams = new AtomicInteger();

    Wallboard(Board board, String token) {
        this.board = board;
        this.token = token;
    }

    /** True for the paths this class serves. */
    static boolean serves(String path) {
        return FILES.containsKey(path) || path.equals("/board.json") || path.equals("/board/events")
                || path.equals("/login");
    }

    /** Whether {@code req} carries {@code token}, as a bearer header or as the cookie; any request when it is empty. */
    static boolean authorized(FullHttpRequest req, String token) {
        if (token.isEmpty()) {
            return true;
        }
        byte[] want = token.getBytes(StandardCharsets.UTF_8);
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        if (h.startsWith("Bearer ") && MessageDigest.isEqual(want, h.substring(7).getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        String c = req.headers().get(HttpHeaderNames.COOKIE);
        if (c != null) {
            for (Cookie k : ServerCookieDecoder.STRICT.decode(c)) {
                if (k.name().equals(COOKIE) && MessageDigest.isEqual(want, k.value().getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Answers {@code req} for {@code path}; returns null when it answered itself (a stream), else
     * the response to send. {@code authorized} says whether the request carried the token.
     */
    FullHttpResponse handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean authorized) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        if (path.equals("/login")) {
            String given = new QueryStringDecoder("?" + req.content().toString(StandardCharsets.UTF_8))
                    .parameters().getOrDefault("token", List.of("")).get(0);
            return given.isEmpty() || !matches(given) ? page(HttpResponseStatus.UNAUTHORIZED, "login.html")
                    : withCookie(given);
        }
        if (path.equals("/") && q.parameters().containsKey("token")) {
            String given = q.parameters().get("token").get(0);
            return matches(given) ? withCookie(given) : page(HttpResponseStatus.UNAUTHORIZED, "login.html");
        }
        if (path.equals("/wallboard.css")) { // the sign-in form's style too: it holds nothing secret
            return page(HttpResponseStatus.OK, FILES.get(path));
        }
        if (!authorized) {
            return path.equals("/") ? page(HttpResponseStatus.UNAUTHORIZED, "login.html") : null;
        }
        if (path.equals("/board.json")) {
            return response(HttpResponseStatus.OK, board.json(), "application/json");
        }
        if (path.equals("/board/events")) {
            stream(ctx);
            return null;
        }
        return page(HttpResponseStatus.OK, FILES.get(path));
    }

    private boolean matches(String given) {
        return token.isEmpty() || MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** Sets the cookie and sends the browser to the page (dropping the token from its address bar). */
    private FullHttpResponse withCookie(String given) {
        FullHttpResponse r = response(HttpResponseStatus.SEE_OTHER, new byte[0], "text/plain");
        DefaultCookie c = new DefaultCookie(COOKIE, given);
        c.setHttpOnly(true);
        c.setPath("/");
        c.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Strict);
        c.setMaxAge(30L * 24 * 3600);
        r.headers().set(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
        r.headers().set(HttpHeaderNames.LOCATION, "/");
        return r;
    }

    /** Starts a server-sent-event stream on this connection: the current snapshot now, then one a second. */
    private void stream(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            FullHttpResponse busy = response(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ("at most " + MAX_STREAMS + " live pages at once\n").getBytes(StandardCharsets.UTF_8), "text/plain");
            HttpUtil.setContentLength(busy, busy.content().readableBytes());
            ctx.writeAndFlush(busy);
            return;
        }
        if (ctx.pipeline().get(ReadTimeoutHandler.class) != null) {
            ctx.pipeline().remove(ReadTimeoutHandler.class); // a page listens and never speaks
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.writeAndFlush(head);
        Consumer<byte[]> send = json -> {
            if (ch.isWritable()) { // a page that does not read misses snapshots, it never queues them
                ByteBuf b = Unpooled.wrappedBuffer(DATA, json, END);
                ch.writeAndFlush(new DefaultHttpContent(b), ch.voidPromise());
            }
        };
        send.accept(board.json());
        board.subscribe(send);
        ch.closeFuture().addListener(f -> {
            board.unsubscribe(send);
            streams.decrementAndGet();
        });
    }

    private static FullHttpResponse page(HttpResponseStatus status, String file) {
        String type = file.endsWith(".js") ? "text/javascript; charset=utf-8"
                : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
        FullHttpResponse r = response(status, resource(file), type);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        r.headers().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:");
        return r;
    }

    private static byte[] resource(String file) {
        try (InputStream in = Wallboard.class.getResourceAsStream("/wallboard/" + file)) {
            if (in == null) {
                throw new IllegalStateException("wallboard/" + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        return r;
    }
}
