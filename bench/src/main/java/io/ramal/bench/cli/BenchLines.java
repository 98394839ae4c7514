package io.ramal.bench.cli;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.Closing;
import io.ramal.gateway.Warmup;
import io.ramal.gateway.ai.AiModule;
import io.ramal.gateway.ai.AiSettings;
import io.ramal.gateway.ai.TransferTargets;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.queue.AgentSettings;
import io.ramal.gateway.queue.QueueModule;
import io.ramal.gateway.queue.QueueSettings;
import io.ramal.gateway.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The lines of {@code ramal bench-gateway}, served by the gateway's own listener, call, pacer and
 * mode code with the documented default settings: always the echo line ({@code 9000}); with an
 * agent URL, an AI line ({@code 9300}, Twilio Media Streams); with a prompts directory, a queue
 * line ({@code 9100}, queue {@code bench}, no limit on callers waiting) and its attendants' agent
 * line ({@code 9200}). With an AI or queue line the start runs the gateway's warm-up calls
 * ({@link Warmup}) first, as {@code ramal serve} does. Public so that tests can serve the same lines.
 */
public final class BenchLines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BenchLines.class);
    /** The queue the bench's queue and agent lines share. */
    public static final String QUEUE = "bench";

    private final Map<String, NettyListener> listeners = new LinkedHashMap<>();
    private final List<AutoCloseable> modules = new ArrayList<>();

    private BenchLines() {
    }

    /**
     * Binds the lines on {@code transport}.
     *
     * @param echo    where the echo line listens
     * @param aiUrl   the agent's ws:// URL, or null for no AI line
     * @param ai      where the AI line listens
     * @param prompts the queue's prompts ({@code config/prompts}), or null for no queue lines
     * @param queue   where the queue line listens
     * @param agent   where the agent line listens
     */
    public static BenchLines start(Transport transport, InetSocketAddress echo, String aiUrl, InetSocketAddress ai,
                                   Path prompts, InetSocketAddress queue, InetSocketAddress agent) throws Exception {
        BenchLines lines = new BenchLines();
        boolean ok = false;
        try {
            Handlers handlers = Handlers.withEcho();
            QueueModule queues = null;
            if (prompts != null) {
                queues = new QueueModule(prompts, CallSettings.DEFAULTS);
                lines.modules.add(queues);
                queues.register(handlers);
            }
            if (aiUrl != null) {
                AiModule a = new AiModule(transport, TransferTargets.NONE);
                lines.modules.add(a);
                a.register(handlers);
            }
            NettyListenerFactory f = new NettyListenerFactory(transport, SocketTuning.DEFAULTS, CallSettings.DEFAULTS,
                    handlers);
            if (aiUrl != null || queues != null) {
                Warmup.run(f, queues); // as ramal serve does: a cold AI or queue path stalls the first calls
            }
            lines.bind(f, new Extension("9000", echo.getHostString(), echo.getPort(), Mode.ECHO, Map.of(), null, true,
                    "bench-gateway echo line"));
            if (aiUrl != null) {
                Map<String, Object> s = Map.of("url", aiUrl);
                lines.bind(f, new Extension("9300", ai.getHostString(), ai.getPort(), Mode.AI, s, null, true,
                        "bench-gateway AI line", AiSettings.from(s)));
            }
            if (queues != null) {
                Map<String, Object> a = Map.of("queues", List.of(QUEUE));
                lines.bind(f, new Extension("9200", agent.getHostString(), agent.getPort(), Mode.AGENT, a, null, true,
                        "bench-gateway attendants", AgentSettings.from("9200", a)));
                Map<String, Object> q = Map.of("queue", QUEUE, "max-callers", 0);
                lines.bind(f, new Extension("9100", queue.getHostString(), queue.getPort(), Mode.QUEUE, q, null, true,
                        "bench-gateway queue line", QueueSettings.from("9100", q)));
            }
            ok = true;
            return lines;
        } finally {
            if (!ok) {
                lines.close();
            }
        }
    }

    private void bind(NettyListenerFactory f, Extension ext) throws Exception {
        listeners.put(ext.ramal(), (NettyListener) f.bind(ext).get(10, TimeUnit.SECONDS));
    }

    /**
     * The port line {@code ramal} listens on: {@code 9000} echo, {@code 9300} AI, {@code 9100} queue,
     * {@code 9200} agent.
     */
    public int port(String ramal) {
        NettyListener l = listeners.get(ramal);
        if (l == null) {
            throw new IllegalArgumentException("no line " + ramal + " here, lines: " + listeners.keySet());
        }
        return ((InetSocketAddress) l.localAddress()).getPort();
    }

    /**
     * Waits (up to 10 s) for every call to end, then returns the frames the lines' playout buffers
     * dropped on purpose: the live latency limit's trims and frames dropped at hang-up.
     */
    public long finishedTrims() throws Exception {
        long trimmed = 0;
        for (NettyListener l : listeners.values()) {
            l.drain(java.time.Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            trimmed += l.counters().overflows.sum() + l.counters().droppedOut.sum();
        }
        return trimmed;
    }

    /** One line per served line: ramal, mode and address. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        listeners.forEach((ramal, l) -> out.add(ramal + " " + l.extension().mode().wireName() + " on "
                + l.extension().bind() + ":" + port(ramal)));
        return out;
    }

    @Override
    public void close() {
        for (NettyListener l : listeners.values()) {
            l.shutdown().orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        }
        Closing.quietly(LOG, modules.toArray(new AutoCloseable[0]));
    }
}
