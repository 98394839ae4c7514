package io.ramal.gateway.listener;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.handler.Handlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic echo calls over loopback, one per event loop, run once before the extensions bind.
 * Without them the first real call pays for class loading and the first compiles of the codec,
 * session, pacer and allocator on its loop: measured here, its first audio came 300 ms late and
 * 11 of its first frames were trimmed, and every other call on that loop stalled with it. The
 * warm-up listener is private (loopback, an ephemeral port, its own counters) and its calls are
 * not logged or counted as calls.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /** Paced frames per warm-up call: enough for the playout to start, echo and go dry. */
    static final int FRAMES = 12;

    private Warmup() {
    }

    static void run(NettyListenerFactory factory) {
        long t0 = System.nanoTime();
        int loops = 0;
        for (EventExecutor ignored : factory.transport().group()) {
            loops++;
        }
        Extension ext = new Extension("warm-up", "127.0.0.1", 1, Mode.ECHO, Map.of(), null, true,
                "start-up warm-up of the call path");
        NettyListener listener = new NettyListener(ext, Handlers.withEcho(), factory.settings(), factory.pacers(),
                new CallCounters(), false);
        List<AudioSocketClient> clients = new ArrayList<>(loops);
        long echoed = 0;
        Channel server = null;
        try {
            server = factory.bootstrap(listener, SocketTuning.DEFAULTS)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
            listener.serverChannel(server);
            InetSocketAddress at = (InetSocketAddress) server.localAddress();
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
            for (int k = 0; k < FRAMES; k++) {
                for (AudioSocketClient c : clients) {
                    c.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                }
                TimeUnit.MILLISECONDS.sleep(AudioFormat.FRAME_MILLIS);
            }
            for (AudioSocketClient c : clients) {
                c.sendDtmf('1');
                c.send(AudioSocketKind.HANGUP.byteValue(), frame, 0, 0);
            }
            for (AudioSocketClient c : clients) {
                c.awaitClosed(Duration.ofSeconds(2));
                echoed += c.received().stream().filter(f -> f.isAudio() && !f.isSilence()).count();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("call path warm-up failed, the first calls may start late cause=\"{}\"", e.toString());
        } finally {
            for (AudioSocketClient c : clients) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort: the connection is gone either way
                }
            }
            if (server != null) {
                listener.shutdown().orTimeout(2, TimeUnit.SECONDS).exceptionally(x -> null).join();
            }
        }
        LOG.info("call path warmed event-loops={} calls={} frames-echoed={} ms={}", loops, clients.size(), echoed,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
