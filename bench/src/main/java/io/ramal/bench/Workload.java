package io.ramal.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a load run's calls do, by the mode of the line they dial: {@link #echo()} (stamped frames
 * sent and expected back: light, medium, heavy), {@link #ai} (callers that speak in turns to an AI
 * line and listen for the agent's reply) and {@link #queue} (attendants who log in and callers who
 * join the queue, bridged in pairs, each side talking). The generator owns the sockets, the pace
 * and the window; a workload says which legs there are, where each dials, and what a run adds to
 * the figures.
 *
 * <p>A workload's state, like its legs', is confined to the generator's event loop once the run starts.
 */
public abstract class Workload {

    private final Map<String, InetSocketAddress> addresses = new HashMap<>();

    Workload() {
    }

    /** Calls that send stamped frames to an echo line and expect each back. */
    public static Workload echo() {
        return new Workload() {
            @Override
            public String mode() {
                return "echo";
            }

            @Override
            LoadLeg[] legs(LoadGenerator gen, LoadPlan plan) {
                LoadLeg[] legs = new LoadLeg[plan.calls()];
                for (int i = 0; i < legs.length; i++) {
                    legs[i] = new LoadCall(gen, i, address(plan.target().host(), plan.target().portOf(i)),
                            LoadGenerator.bucketOf(i));
                }
                return legs;
            }

            @Override
            boolean awaiting(LoadGenerator gen, LoadLeg[] legs) {
                return gen.sentTotal > gen.receivedTotal;
            }
        };
    }

    /**
     * Callers of an AI line (Twilio Media Streams on the gateway's side; an agent that answers each
     * turn, as {@code ramal ai-demo} does by playing back what it heard): each speaks for {@code talk},
     * listens until the reply has played, waits {@code pause} of quiet, and speaks again.
     */
    public static Workload ai(Duration talk, Duration pause) {
        return new AiLoad(talk, pause);
    }

    /**
     * Pairs of an attendant, dialling the agent line at {@code agents}, and a caller, dialling the
     * plan's target (the queue line): each pair's attendant opens just before its caller; both
     * send a tone of their own frequency from the start, and hear each other once bridged.
     */
    public static Workload queue(Target agents) {
        return new QueueLoad(agents);
    }

    /** {@code echo}, {@code ai} or {@code queue}. */
    public abstract String mode();

    /** The legs of {@code plan}, in the order the ramp opens them. */
    abstract LoadLeg[] legs(LoadGenerator gen, LoadPlan plan);

    /** True when legs keep their tick after sending stops: an AI caller goes on sending silence while it listens. */
    boolean ticksAfterSending() {
        return false;
    }

    /** Frames still on their way that the tail should wait for. On the loop. */
    abstract boolean awaiting(LoadGenerator gen, LoadLeg[] legs);

    /** The run's figures with what this mode adds. On the loop. */
    LoadResult finish(LoadResult r, LoadLeg[] legs) {
        return r;
    }

    /** One address per host and port, shared by the legs that dial it. */
    final InetSocketAddress address(String host, int port) {
        return addresses.computeIfAbsent(host + ":" + port, k -> new InetSocketAddress(host, port));
    }
}
