package io.ramal.bench.fuzz;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.Warmup;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.transport.Transport;
import io.ramal.gateway.transport.TransportKind;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fuzz run: a gateway echo extension on ONE event loop (in this process, or one started with
 * {@code ramal bench-gateway --event-loops 1}) (so the fuzz and the good
 * call share it), one {@link GoodCall} streaming throughout, and a {@link Fuzzer} sending
 * {@link Plan#frames} fuzzed frames over many connections from a client loop of its own. The
 * result says whether the good call came through whole and on time, and whether anything leaked.
 */
public final class FuzzRun {

    /**
     * @param warmupFrames fuzzed frames sent before the good call starts, so that the JIT has
     *                     compiled the paths the fuzz takes (the gateway's own warm-up covers
     *                     only good calls), >= 0; not counted in the figures
     * @param frames      fuzzed frames to send while the good call streams, >= 1
     * @param concurrency fuzz connections open at once, >= 1
     * @param rate        fuzzed frames a second at most, on average; 0 for as fast as they go
     * @param seed        the generator's seed: a run can be repeated
     * @param transport   the gateway's and the fuzzer's transport
     * @param target      an echo line in another process (such as {@code ramal bench-gateway
     *                    --event-loops 1}), or null for one in this process; the gateway's counters,
     *                    pacer lines and leaks are then that process's, not reported here
     */
    public record Plan(long warmupFrames, long frames, int concurrency, long rate, long seed, TransportKind transport,
                       InetSocketAddress target) {
        public Plan {
            if (warmupFrames < 0 || frames < 1 || concurrency < 1 || rate < 0) {
                throw new IllegalArgumentException("warmupFrames=" + warmupFrames + " frames=" + frames + " concurrency="
                        + concurrency + " rate=" + rate + ", expected frames and concurrency >= 1, the others >= 0");
            }
        }
    }

    /** What a run measured. The good call passes with no frame lost and a gap p99 within 25 ms. */
    public record Result(long framesSent, long framesBeforeEnd, long bytesSent, long connections,
                         long connectFailures, long truncated, long closedByGateway, long protocolErrors,
                         long peerErrors, long framesReceived, long hangupsReceived, double seconds,
                         GoodCall.Result good, long leaks, boolean paranoid, long pacerLate, long gatewayLogLines) {

        /** The run's verdict on the good call and on leaks. */
        public boolean passed() {
            return good.lost() == 0 && good.gapP99Ms() <= 25.0 && !good.closedByServer() && good.failure() == null
                    && leaks == 0;
        }

        /** The figures, one per line, as BENCHMARKS.md records them. */
        public List<String> lines() {
            return List.of(
                    String.format("fuzzed frames sent while the good call streamed: %,d (%,d before each connection's first refused or ending"
                            + " frame), %,d bytes, in %.1f s", framesSent, framesBeforeEnd, bytesSent, seconds),
                    String.format("connections: %,d (connect failures %,d, truncated last frame %,d, closed by the"
                            + " gateway first %,d)", connections, connectFailures, truncated, closedByGateway),
                    String.format("gateway: protocol errors %,d, peer errors %,d; sent back %,d frames and %,d"
                            + " hangups", protocolErrors, peerErrors, framesReceived, hangupsReceived),
                    String.format("good call: frames sent %,d, lost %,d, silence inside the stream %,d, gap p99"
                            + " %.1f ms, max %.1f ms, hung up %s; its own sender late p99 %.1f ms, max %.1f ms",
                            good.sent(), good.lost(), good.silenceInStream(), good.gapP99Ms(), good.gapMaxMs(),
                            good.closedByServer() ? "yes" : "no", good.sendLateP99Ms(), good.sendLateMaxMs()),
                    String.format("leaks: %d (leak detection %s); pacer late lines %d; gateway log lines %,d", leaks,
                            paranoid ? "paranoid" : "NOT paranoid: run with -Dio.netty.leakDetectionLevel=paranoid",
                            pacerLate, gatewayLogLines),
                    "verdict: " + (passed() ? "PASS" : "FAIL"));
        }
    }

    private FuzzRun() {
    }

    /** Runs {@code plan} to the end. */
    public static Result run(Plan plan) throws Exception {
        try (LogWatch watch = new LogWatch()) {
            if (plan.target() != null) {
                return fuzz(plan, plan.target(), null, watch);
            }
            try (Transport tr = Transport.create(plan.transport(), 1, "ramal-io", true)) { // one loop: all share it
                NettyListenerFactory f = new NettyListenerFactory(tr, SocketTuning.DEFAULTS, CallSettings.DEFAULTS,
                        Handlers.withEcho());
                Warmup.run(f); // as ramal serve does: the JIT's first minutes are not what the run measures
                Extension ext = new Extension("fuzz", "127.0.0.1", freePort(), Mode.ECHO, Map.of(), null, true,
                        "fuzz target");
                NettyListener listener = (NettyListener) f.bind(ext).get(10, TimeUnit.SECONDS);
                return fuzz(plan, (InetSocketAddress) listener.localAddress(), listener, watch);
            }
        }
    }

    /** The run against {@code address}; {@code listener} is the in-process one, or null. */
    private static Result fuzz(Plan plan, InetSocketAddress address, NettyListener listener, LogWatch watch)
            throws Exception {
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fuzz-client", true),
                plan.transport().ioHandlerFactory());
        try {
            if (plan.warmupFrames() > 0) {
                new Fuzzer(clients.next(), plan.transport().socketChannel(), address, plan.warmupFrames(),
                        plan.concurrency(), plan.rate(), ~plan.seed()).start().get();
            }
            GoodCall good = new GoodCall(address);
            good.start();
            Thread.sleep(1_000); // the good call is streaming and its echo primed before the fuzz starts
            Fuzzer fuzzer = new Fuzzer(clients.next(), plan.transport().socketChannel(), address, plan.frames(),
                    plan.concurrency(), plan.rate(), plan.seed());
            long t0 = System.nanoTime();
            fuzzer.start().get();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(500);
            GoodCall.Result g = good.stop(Duration.ofSeconds(2));
            long protocolErrors = -1;
            long peerErrors = -1;
            if (listener != null) {
                CallCounters c = listener.counters();
                protocolErrors = c.protocolErrors.sum();
                peerErrors = c.peerErrors.sum();
                listener.shutdown().get(10, TimeUnit.SECONDS);
            }
            LogWatch.provokeLeakReports();
            return new Result(fuzzer.framesSent, fuzzer.framesBeforeEnd, fuzzer.bytesSent, fuzzer.connections,
                    fuzzer.connectFailures, fuzzer.truncated, fuzzer.closedByGateway, protocolErrors, peerErrors,
                    fuzzer.framesReceived, fuzzer.hangupsReceived, seconds, g, watch.leaks.sum(), LogWatch.paranoid(),
                    watch.pacerLate.sum(), watch.gatewayLines.sum());
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
