package io.ramal.gateway.queue;

import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.prompt.Prompts;
import io.ramal.gateway.queue.audio.Bridges;
import io.ramal.gateway.queue.line.AttendantHandler;
import io.ramal.gateway.queue.line.CallerHandler;
import io.ramal.gateway.queue.line.ExtensionLookup;
import io.ramal.gateway.queue.line.Legs;
import io.ramal.gateway.queue.line.LineServices;
import io.ramal.gateway.queue.line.Placement;
import io.ramal.gateway.queue.match.LocalMatchmaker;
import io.ramal.gateway.queue.match.Matchmaker;
import io.ramal.gateway.queue.match.QueueEvents;
import io.ramal.gateway.queue.match.QueueStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attendant queue's wiring: what the gateway creates once at start and registers for
 * {@link Mode#QUEUE} and {@link Mode#AGENT}. Holds the prompts (read at construction: a missing
 * file fails it, naming the file), the matchmaker (its own thread, {@code ramal-queue}), this
 * node's legs and bridges that the matchmaker's pairings reach, the overflow lookup, and the
 * queues known so far with their settings. Each extension's {@link QueueSettings} or
 * {@link AgentSettings} come with it, parsed when its entry was read.
 *
 * <p>Thread-safe: handlers are created on many event loops.
 */
public final class QueueModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueModule.class);

    private final Matchmaker matchmaker;
    private final Legs legs;
    private final LineServices lines;
    private final Placement placement;
    private final CallSettings callSettings;
    /**
     * Each queue named so far by a queue or agent extension, with the settings of the latest queue
     * extension feeding it (the defaults when only attendants named it): where an AI transfer goes.
     */
    private final Map<String, QueueSettings> knownQueues = new ConcurrentHashMap<>();

    /** Events logged, no overflow to other extensions. */
    public QueueModule(Path promptsDir, CallSettings callSettings) throws IOException {
        this(promptsDir, callSettings, ExtensionLookup.NONE, QueueEvents.logging());
    }

    /**
     * @param promptsDir   where the WAV prompts are ({@code config/prompts})
     * @param callSettings the gateway's call settings: bridged audio uses the live playout size
     * @param lookup       turns an overflow's ramal into a handler
     * @param events       receives every queue event, on the matchmaker's thread
     * @throws IOException naming the prompt file that is missing or unplayable
     */
    public QueueModule(Path promptsDir, CallSettings callSettings, ExtensionLookup lookup, QueueEvents events)
            throws IOException {
        this(promptsDir, callSettings, lookup, events, Placement.SINGLE_NODE);
    }

    /**
     * As above, on a node of a cluster: {@code placement} says which queues this node owns now
     * and relays the legs of the others to their owner.
     */
    public QueueModule(Path promptsDir, CallSettings callSettings, ExtensionLookup lookup, QueueEvents events,
                       Placement placement) throws IOException {
        this(Prompts.load(promptsDir), callSettings, lookup, events, placement);
        LOG.info("queue module ready prompts={} live-playout-ms={}", promptsDir.toAbsolutePath(),
                callSettings.livePlayoutCapacity().toMillis());
    }

    private QueueModule(Prompts prompts, CallSettings callSettings, ExtensionLookup lookup, QueueEvents events,
                        Placement placement) {
        this.callSettings = callSettings;
        this.placement = placement;
        // The matchmaker answers by call id; this node's legs turn its pairings into audio.
        this.legs = new Legs(new Bridges(ringBytes(callSettings)));
        this.matchmaker = LocalMatchmaker.start(events, legs, QueueSettings::defaults);
        // Frames kept queued ahead of the pacer: enough to start playout at once, and under the
        // live buffer's latency limit.
        int leadFrames = Math.min(callSettings.livePlayoutCapacityFrames(), callSettings.playoutStartFrames() + 1);
        this.lines = new LineServices(prompts, matchmaker, legs, lookup, leadFrames, placement);
    }

    /** Each bridge direction's ring: the live playout capacity at the highest rate, so a burst fits. */
    static int ringBytes(CallSettings s) {
        return s.livePlayoutCapacityFrames() * AudioFormat.SLIN_48K.frameBytes();
    }

    /**
     * Registers the caller handler for {@link Mode#QUEUE} and the attendant handler for
     * {@link Mode#AGENT}; an extension of either mode is configured (and its settings checked)
     * as its listener binds or is updated.
     */
    public void register(Handlers handlers) {
        handlers.register(Mode.QUEUE, this::newCaller, e -> configure(List.of(e)))
                .register(Mode.AGENT, this::newAttendant, e -> configure(List.of(e)));
    }

    /**
     * Tells the matchmaker the settings of the queue extensions (and the queues attendants
     * serve) before any caller arrives: for {@code require-attendant}, strategies and the
     * queues an AI may transfer to. Optional; call at start and after each reconcile.
     *
     * @throws IllegalArgumentException naming the first extension that carries no settings of its mode
     */
    public void configure(Collection<Extension> extensions) {
        for (Extension e : extensions) {
            if (e.mode() == Mode.QUEUE && e.enabled()) {
                matchmaker.configure(queueSettings(e));
            } else if (e.mode() == Mode.AGENT && e.enabled()) {
                agentSettings(e);
            }
        }
    }

    /**
     * A caller handler for a call of a {@code queue} extension (relayed to the queue's owner node
     * when that is another); settings not of its mode refuse the call.
     */
    public CallHandler newCaller(Call call) {
        return caller(call, queueSettings(call.extension()), System.currentTimeMillis());
    }

    /** An attendant handler for a call of an {@code agent} extension, relayed like a caller's; settings not of its mode refuse the call. */
    public CallHandler newAttendant(Call call) {
        AgentSettings s = agentSettings(call.extension());
        String queue = s.queues().get(0);
        if (placement.here(queue)) {
            return new AttendantHandler(lines, call, s);
        }
        return placement.elsewhere(call, queue, true, System.currentTimeMillis(), c -> new AttendantHandler(lines, call, s));
    }

    /**
     * The handler of a caller that another node relayed here, this node owning its queue: served
     * here, keeping the time it first joined the queue; empty when the queue is not known here.
     */
    public Optional<CallHandler> relayedCaller(Call call, String queue, long arrivedAtMillis) {
        return Optional.ofNullable(knownQueues.get(queue)).map(s -> new CallerHandler(lines, call, s, arrivedAtMillis));
    }

    /** The handler of an attendant that another node relayed here: logged in here, with its extension's settings. */
    public CallHandler relayedAttendant(Call call) {
        return new AttendantHandler(lines, call, agentSettings(call.extension()));
    }

    /**
     * This node now owns {@code queues}: their first pairing waits {@code settle}, while the
     * callers waiting on other nodes re-enter here with their arrival times.
     */
    public void gained(Collection<String> queues, java.time.Duration settle) {
        matchmaker.hold(queues, settle);
    }

    /** This node lost {@code queues}: their state is forgotten and their legs move to the new owner. */
    public void lost(Collection<String> queues) {
        matchmaker.release(queues);
        legs.evict(queues);
    }

    private CallHandler caller(Call call, QueueSettings s, long arrivedAt) {
        if (placement.here(s.queue())) {
            return new CallerHandler(lines, call, s, arrivedAt);
        }
        return placement.elsewhere(call, s.queue(), false, arrivedAt, c -> new CallerHandler(lines, call, s, arrivedAt));
    }

    /**
     * A caller handler that puts {@code call} (of any mode: an AI transfer) in {@code queue},
     * with the settings of that queue's extension when known; empty when no queue of that name
     * is known (configured, or named by a queue or agent extension that took a call).
     */
    public Optional<CallHandler> callerHandler(String queue, Call call) {
        return Optional.ofNullable(knownQueues.get(queue)).map(s -> caller(call, s, System.currentTimeMillis()));
    }

    /**
     * A module of its own for the start-up warm-up: the same prompts (the clips it converts stay
     * cached for the real calls) and call settings, its own matchmaker, no overflow lookup, and
     * events that go nowhere, so no queue statistic, metric or record counts its calls. Close it
     * after use.
     */
    public QueueModule forWarmUp() {
        return new QueueModule(lines.prompts(), callSettings, ExtensionLookup.NONE, e -> { }, Placement.SINGLE_NODE);
    }

    /** Per-queue statistics; {@code resetPeriod} starts a new period. Not for event loops. */
    public List<QueueStats> snapshot(boolean resetPeriod) {
        return matchmaker.snapshot(resetPeriod);
    }

    /** Every queue's waiting callers and attendants now: for the wallboard's thread, never an event loop. */
    public List<io.ramal.gateway.queue.match.QueueBoard> board() {
        return matchmaker.board();
    }

    /** The matchmaker. */
    public Matchmaker matchmaker() {
        return matchmaker;
    }

    @Override
    public void close() {
        matchmaker.close();
    }

    /** The settings {@code ext} carries; its queue is known from now on, with them. */
    private QueueSettings queueSettings(Extension ext) {
        QueueSettings s = ext.modeSettings(QueueSettings.class);
        knownQueues.put(s.queue(), s);
        return s;
    }

    /** The settings {@code ext} carries; its queues are known from now on (with the defaults when new). */
    private AgentSettings agentSettings(Extension ext) {
        AgentSettings s = ext.modeSettings(AgentSettings.class);
        s.queues().forEach(q -> knownQueues.computeIfAbsent(q, QueueSettings::defaults));
        return s;
    }
}
