package io.ramal.gateway.ai;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.Consumer;

/**
 * The AI bridge in {@code /metrics}, label {@code ramal}: AI legs by outcome, agent turn latency
 * (caller's last speech to the agent's first audio) as a histogram, and the playout underruns,
 * dropped caller frames, barge-ins and bad messages of the legs. Fed once per AI leg, when it
 * ends, by {@link AiModule}'s stats consumer; never per frame.
 */
public final class AiMetrics implements Consumer<AiCallStats> {

    private final Counter legs;
    private final Histogram turnLatency;
    private final Counter connectFailures;
    private final Counter underruns;
    private final Counter callerDropped;
    private final Counter clears;
    private final Counter badMessages;

    /** Registers the AI metrics in {@code registry}. */
    public AiMetrics(PrometheusRegistry registry) {
        legs = Counter.builder().name("ramal_ai_legs").help("AI legs ended, by outcome.")
                .labelNames("ramal", "outcome").register(registry);
        turnLatency = Histogram.builder().name("ramal_ai_turn_latency_seconds")
                .help("From the caller's last speech frame to the agent's first reply audio.")
                .labelNames("ramal").classicOnly()
                .classicUpperBounds(0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5).register(registry);
        connectFailures = Counter.builder().name("ramal_ai_connect_failures")
                .help("AI legs whose agent never connected.").labelNames("ramal").register(registry);
        underruns = Counter.builder().name("ramal_ai_playout_underruns")
                .help("Gaps in the agent's audio to the caller.").labelNames("ramal").register(registry);
        callerDropped = Counter.builder().name("ramal_ai_caller_frames_dropped")
                .help("Caller frames not sent because the agent's socket was full.").labelNames("ramal")
                .register(registry);
        clears = Counter.builder().name("ramal_ai_clears").help("Barge-in clears obeyed.").labelNames("ramal")
                .register(registry);
        badMessages = Counter.builder().name("ramal_ai_bad_messages")
                .help("Agent messages that could not be understood.").labelNames("ramal").register(registry);
    }

    @Override
    public void accept(AiCallStats s) {
        legs.labelValues(s.ramal(), s.outcome()).inc();
        if (s.connectMillis() < 0) {
            connectFailures.labelValues(s.ramal()).inc();
        }
        for (long ms : s.turnLatenciesMs()) {
            turnLatency.labelValues(s.ramal()).observe(ms / 1000.0);
        }
        underruns.labelValues(s.ramal()).inc(s.underruns());
        callerDropped.labelValues(s.ramal()).inc(s.callerFramesDropped());
        clears.labelValues(s.ramal()).inc(s.clears());
        badMessages.labelValues(s.ramal()).inc(s.badMessages());
    }
}
