package io.ramal.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.ai.AiModule;
import io.ramal.gateway.ai.AiSettings;
import io.ramal.gateway.ai.TransferTargets;
import io.ramal.gateway.ai.demo.AiDemoServer;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.queue.QueueModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Synthetic calls over loopback, one per event loop, run once before the extensions bind: an
 * echo call, then a call of the AI bridge against the in-process demo agent, then an attendant
 * and a caller of the queue, bridged. Without them the first real call pays for class loading and
 * the first compiles on its loop, and every other call on that loop stalls with it: measured
 * here, the first echo call's first audio came 300 ms late with 11 of its first frames trimmed,
 * the first AI call held its loop for about 90 ms (first audio 105 to 117 ms instead of 22;
 * WebSocket handshake, JSON, G.711 tables), and the first queue call ran 36 to 65 ms late once.
 * The warm-up listeners are private (loopback, an ephemeral port, their own counters, modules of
 * their own for the AI and queue calls, so no metric, queue statistic or record counts them) and
 * their calls are not logged as calls; the AI and queue handlers log their usual lines, under
 * {@code ramal=warm-up-ai}, {@code warm-up-queue} and {@code warm-up-agent}.
 */
public final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /** Paced frames per warm-up call: enough for the playout to start, echo and go dry. */
    static final int FRAMES = 12;
    /** Paced frames per AI warm-up call: the agent's greeting plays while the caller speaks. */
    static final int AI_FRAMES = 25;

    private Warmup() {
    }

    /**
     * Runs the warm-up calls through {@code factory}'s call path, echo then the AI bridge; call once
     * before the extensions bind. Never fails the start: a failed warm-up is logged.
     */
    public static void run(NettyListenerFactory factory) {
        run(factory, null);
    }

    /** As {@link #run(NettyListenerFactory)}, then the queue's calls, with a copy of {@code queues} (null: none). */
    public static void run(NettyListenerFactory factory, QueueModule queues) {
        echo(factory);
        ai(factory);
        if (queues != null) {
            QueueWarmup.run(factory, queues);
        }
    }

    /** The echo call path's warm-up: one echo call per loop (also for tests that serve echo as the gateway does). */
    public static void echo(NettyListenerFactory factory) {
        long t0 = System.nanoTime();
        Extension echo = new Extension("warm-up", "127.0.0.1", 1, Mode.ECHO, Map.of(), null, true,
                "start-up warm-up of the call path");
        Result r = calls(factory, echo, Handlers.withEcho(), FRAMES);
        LOG.info("call path warmed event-loops={} calls={} frames-echoed={} ms={}", r.loops, r.calls, r.audible,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The AI bridge's warm-up: the demo agent on loopback, an AI module of its own (its own
     * resolver, no stats), one call per loop. Never fails the start: a failed warm-up is logged.
     */
    static void ai(NettyListenerFactory factory) {
        long t0 = System.nanoTime();
        AiDemoServer agent = null;
        AiModule module = null;
        Result r = new Result(0, 0, 0);
        // Stats reach us on the calls' loops: count the legs that reached the agent and stayed with it.
        AtomicInteger served = new AtomicInteger();
        try {
            agent = AiDemoServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "none");
            module = new AiModule(factory.transport(), TransferTargets.NONE, Path.of("").toAbsolutePath(), s -> {
                if (s.connectMillis() >= 0 && !"fallback".equals(s.outcome())) {
                    served.incrementAndGet();
                }
            });
            Handlers handlers = Handlers.withEcho();
            module.register(handlers);
            Map<String, Object> settings = Map.of("url", "ws://127.0.0.1:" + agent.address().getPort() + "/");
            Extension ext = new Extension("warm-up-ai", "127.0.0.1", 1, Mode.AI, settings, null, true,
                    "start-up warm-up of the AI bridge", AiSettings.from(settings));
            r = calls(factory, ext, handlers, AI_FRAMES);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("ai path warm-up failed, the first AI call may start late cause=\"{}\"", e.toString());
        } finally {
            Closing.quietly(LOG, module, agent); // a failure to close must not fail the start
        }
        LOG.info("ai path warmed event-loops={} calls={} served-by-agent={} frames-heard={} ms={}", r.loops, r.calls,
                served.get(), r.audible, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The event loops that serve calls. */
    static int loops(NettyListenerFactory factory) {
        int loops = 0;
        for (EventExecutor ignored : factory.transport().group()) {
            loops++;
        }
        return loops;
    }

    /** Loops warmed, calls made, non-silent frames the callers heard back. */
    private record Result(int loops, int calls, long audible) {
    }

    /** One synthetic call per event loop on a private listener of {@code ext}, {@code frames} frames each. */
    private static Result calls(NettyListenerFactory factory, Extension ext, Handlers handlers, int frames) {
        int loops = loops(factory);
        List<AudioSocketClient> clients = new ArrayList<>(loops);
        long audible = 0;
        NettyListener listener = null;
        try {
            listener = factory.bindPrivate(ext, handlers, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress at = (InetSocketAddress) listener.localAddress();
            // Accepted channels go round-robin over the loops: one connection each warms them all.
            for (int i = 0; i < loops; i++) {
                AudioSocketClient c = AudioSocketClient.connect(at, Duration.ofSeconds(2));
                clients.add(c);
                c.sendId(UUID.randomUUID());
            }
            byte[] frame = new byte[AudioFormat.SLIN_8K.frameBytes()];
            for (int i = 0; i < frame.length; i += 2) {
                frame[i] = (byte) (i * 7); // any non-silent audio
            }
            for (int k = 0; k < frames; k++) {
                for (AudioSocketClient c : clients) {
                    c.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                }
                TimeUnit.MILLISECONDS.sleep(AudioFormat.FRAME_MILLIS);
            }
            for (AudioSocketClient c : clients) {
                c.sendDtmf('1');
                c.send(AudioSocketKind.HANGUP.byteValue(), frame, 0, 0);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // one for all: many loops, no long start
            for (AudioSocketClient c : clients) {
                c.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                audible += c.received().stream().filter(f -> f.isAudio() && !f.isSilence()).count();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("warm-up calls failed ramal={}, the first calls may start late cause=\"{}\"", ext.ramal(),
                    e.toString());
        } finally {
            for (AudioSocketClient c : clients) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort: the connection is gone either way
                }
            }
            if (listener != null) {
                listener.shutdown().orTimeout(2, TimeUnit.SECONDS).exceptionally(x -> null).join();
            }
        }
        return new Result(loops, clients.size(), audible);
    }
}
