package io.ramal.gateway;

import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.ModeSettings;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.queue.AgentSettings;
import io.ramal.gateway.queue.QueueModule;
import io.ramal.gateway.queue.QueueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The queue's part of the start-up {@link Warmup}. With a queue module of its own
 * ({@link QueueModule#forWarmUp()}: no events, no statistics anyone reads) one attendant per event
 * loop logs in, then one caller per loop joins the queue; the matchmaker pairs them, and both
 * sides talk until each has heard {@link #HEARD_FRAMES} frames of the other through the bridge
 * (the caller hears "conectando" and the connect tone first), or for {@link #MAX_FRAMES} ticks.
 * The first real queue call then finds the handlers, the matchmaker, the prompts at 8 kHz and the
 * bridge's rings and relay loaded and compiled. Callers hang up first, then attendants.
 */
final class QueueWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /**
     * Most ticks of talk: "conectando" and the connect tone last about 1.3 s with the shipped
     * prompts before the bridge carries a voice.
     */
    static final int MAX_FRAMES = 150;
    /** Frames of its partner each leg must hear through the bridge. */
    static final int HEARD_FRAMES = 5;

    private static final String QUEUE = "warm-up";
    /** Each side's voice: every sample this value, which no prompt holds for a whole frame. */
    private static final int ATTENDANT_VOICE = 1111;
    private static final int CALLER_VOICE = 2222;

    private QueueWarmup() {
    }

    /** Runs the queue's warm-up calls through {@code factory} with a copy of {@code queues}; never throws. */
    static void run(NettyListenerFactory factory, QueueModule queues) {
        long t0 = System.nanoTime();
        int loops = Warmup.loops(factory);
        List<AudioSocketClient> attendants = new ArrayList<>(loops);
        List<AudioSocketClient> callers = new ArrayList<>(loops);
        int[] heard = new int[2 * loops]; // attendants first, then callers
        NettyListener agentLine = null;
        NettyListener queueLine = null;
        QueueModule module = null;
        try {
            module = queues.forWarmUp();
            Handlers handlers = Handlers.withEcho();
            module.register(handlers);
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            Map<String, Object> agent = Map.of("queues", List.of(QUEUE));
            agentLine = factory.bindPrivate(extension("warm-up-agent", Mode.AGENT, agent,
                    AgentSettings.from("warm-up-agent", agent)), handlers, any);
            Map<String, Object> queue = Map.of("queue", QUEUE);
            queueLine = factory.bindPrivate(extension("warm-up-queue", Mode.QUEUE, queue,
                    QueueSettings.from("warm-up-queue", queue)), handlers, any);
            // Accepted channels go round-robin over the loops: every loop gets an attendant and a caller.
            for (int i = 0; i < loops; i++) {
                attendants.add(dial(agentLine));
            }
            for (int i = 0; i < loops; i++) {
                callers.add(dial(queueLine));
            }
            talk(attendants, callers, heard);
            hangUp(callers);
            hangUp(attendants);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("queue path warm-up failed, the first queue call may run late cause=\"{}\"", e.toString());
        } finally {
            closeAll(attendants);
            closeAll(callers);
            for (NettyListener l : Arrays.asList(agentLine, queueLine)) {
                if (l != null) {
                    l.shutdown().orTimeout(2, TimeUnit.SECONDS).exceptionally(x -> null).join();
                }
            }
            Closing.quietly(LOG, module); // a failure to close must not fail the start
        }
        LOG.info("queue path warmed event-loops={} calls={} legs-heard-partner={} ms={}", loops,
                attendants.size() + callers.size(), Arrays.stream(heard).filter(n -> n >= HEARD_FRAMES).count(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static Extension extension(String ramal, Mode mode, Map<String, Object> settings, ModeSettings typed) {
        return new Extension(ramal, "127.0.0.1", 1, mode, settings, null, true, "start-up warm-up of the queue", typed);
    }

    private static AudioSocketClient dial(NettyListener line) throws Exception {
        AudioSocketClient c = AudioSocketClient.connect((InetSocketAddress) line.localAddress(), Duration.ofSeconds(2));
        c.sendId(UUID.randomUUID());
        return c;
    }

    /** Both sides talk, paced against absolute deadlines, until every leg has heard its partner. */
    private static void talk(List<AudioSocketClient> attendants, List<AudioSocketClient> callers, int[] heard)
            throws Exception {
        byte[] attendantVoice = voice(ATTENDANT_VOICE);
        byte[] callerVoice = voice(CALLER_VOICE);
        long next = System.nanoTime();
        for (int k = 0; k < MAX_FRAMES && Arrays.stream(heard).anyMatch(n -> n < HEARD_FRAMES); k++) {
            for (AudioSocketClient a : attendants) {
                a.sendAudio(AudioSocketKind.AUDIO_8K, attendantVoice, 0, attendantVoice.length);
            }
            for (AudioSocketClient c : callers) {
                c.sendAudio(AudioSocketKind.AUDIO_8K, callerVoice, 0, callerVoice.length);
            }
            for (int i = 0; i < attendants.size(); i++) {
                heard[i] += count(attendants.get(i), callerVoice);
                heard[attendants.size() + i] += count(callers.get(i), attendantVoice);
            }
            next += TimeUnit.MILLISECONDS.toNanos(AudioFormat.FRAME_MILLIS);
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** Frames equal to {@code voice} that {@code c} received since the last look. */
    private static int count(AudioSocketClient c, byte[] voice) {
        int n = 0;
        AudioSocketClient.Frame f;
        while ((f = c.received().poll()) != null) {
            if (Arrays.equals(f.payload(), voice)) {
                n++;
            }
        }
        return n;
    }

    private static byte[] voice(int value) {
        byte[] b = new byte[AudioFormat.SLIN_8K.frameBytes()];
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    /** Sends each leg's hangup frame, then waits (2 s for all) for the gateway to close them. */
    private static void hangUp(List<AudioSocketClient> legs) throws Exception {
        for (AudioSocketClient c : legs) {
            c.send(AudioSocketKind.HANGUP, new byte[0], 0, 0);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (AudioSocketClient c : legs) {
            c.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private static void closeAll(List<AudioSocketClient> legs) {
        for (AudioSocketClient c : legs) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the connection is gone either way
            }
        }
    }
}
