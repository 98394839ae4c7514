package io.ramal.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import io.ramal.gateway.transport.TransportKind;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Plays Asterisk at scale: opens the legs of its {@link Workload} ({@link LoadPlan#calls()} echo or
 * AI calls, or that many queue pairs) over the ramp and sends a 20 ms slin 8 kHz frame per leg
 * every 20 ms, the legs' phases spread over the 20 ms window as independent Asterisk channels'
 * are, and measures what comes back.
 *
 * <p>Lean by design, so that it does not steal the machine from the server it measures: one
 * Netty event loop does all the network work (the caller's thread only paces the phases and
 * prints), and the steady state allocates nothing per frame (pooled buffers, in-place parsing,
 * one fixed-rate ticker task, histograms recorded in place).
 *
 * <p>Sending: the 20 ms window is cut into {@value #BUCKETS} one-millisecond slots; each call
 * belongs to the slot of its phase, and a 1 ms ticker sends for every slot whose time has come
 * (slot times are absolute, {@code epoch + n ms}, so the pace does not drift). A ticker more than
 * two windows late skips ahead rather than bursting, and says so in {@link LoadResult#maxSendLagMs()}.
 */
public final class LoadGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);

    static final int BUCKETS = AudioFormat.FRAME_MILLIS;
    static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final double GOLDEN = 0.6180339887498949;

    /** Receives the run's milestones on the caller's thread. */
    public interface Observer {
        default void progress(Progress p) {
        }

        /** The measured window begins: sample whatever is measured alongside. */
        default void windowStarted() {
        }

        /** The measured window ends. */
        default void windowEnded() {
        }
    }

    private final LoadPlan plan;
    private final boolean perCall;
    private final TransportKind transport;
    private final Workload workload;
    /** The echo calls' frame; read by {@link LoadCall}. */
    final byte[] template;
    private final LoadLeg[] calls;
    @SuppressWarnings({"unchecked", "rawtypes"}) // arrays of generics cannot be created otherwise
    private final ArrayList<LoadLeg>[] buckets = new ArrayList[BUCKETS];

    // ---- confined to the event loop ----
    private EventLoop loop;
    private Bootstrap bootstrap;
    private long epoch;
    private long lastSlot;
    private int opened;
    /** Read by the legs on the loop: the window has not ended, send. */
    boolean sending = true;
    /** Read by the legs on the loop: record window statistics now. */
    boolean measuring;
    private int active;
    private int refused;
    private int dropped;
    private int closedCount;
    /** Frames that count sent and arrived so far (the progress line; echo's tail waits on them). */
    long sentTotal;
    long receivedTotal;
    private long maxSendLagNanos;
    private final Histogram rtt = new Histogram(MAX_MICROS, 3);
    private final Histogram gap = new Histogram(MAX_MICROS, 3);
    private final Histogram rttSecond = new Histogram(MAX_MICROS, 3);
    private final Histogram gapSecond = new Histogram(MAX_MICROS, 3);
    private ScheduledFuture<?> rampTask;
    private ScheduledFuture<?> tickTask;
    private String firstError;

    /** An echo generator on epoll (nio where epoll is not available). */
    public LoadGenerator(LoadPlan plan, boolean perCall) {
        this(plan, perCall, TransportKind.parse("auto", "--transport", TransportKind.ALL));
    }

    /** An echo generator. */
    public LoadGenerator(LoadPlan plan, boolean perCall, TransportKind transport) {
        this(plan, perCall, transport, Workload.echo());
    }

    public LoadGenerator(LoadPlan plan, boolean perCall, TransportKind transport, Workload workload) {
        this.plan = plan;
        this.perCall = perCall;
        this.transport = transport;
        this.workload = workload;
        this.template = frameTemplate();
        this.calls = workload.legs(this, plan);
        for (int b = 0; b < BUCKETS; b++) {
            buckets[b] = new ArrayList<>(calls.length / BUCKETS + 1);
        }
    }

    /** The legs the run opens: calls, or two per queue pair. */
    public int legs() {
        return calls.length;
    }

    /** The plan's host, for legs made outside a workload (tests). */
    String host() {
        return plan.target().host();
    }

    /**
     * The slot of call {@code index}: its phase within the 20 ms window, spread by the golden
     * ratio so that every prefix of the calls (a ramp in progress) is spread evenly too.
     */
    static int bucketOf(int index) {
        double frac = (index * GOLDEN) % 1.0;
        return (int) (frac * BUCKETS) % BUCKETS;
    }

    /** One audio frame, header included: a 440 Hz tone whose first bytes the stamp replaces. */
    static byte[] frameTemplate() {
        int n = AudioFormat.SLIN_8K.frameBytes();
        byte[] tone = Tone.sine(AudioFormat.SLIN_8K, 440, 0.1, Duration.ofMillis(AudioFormat.FRAME_MILLIS));
        byte[] t = new byte[AudioSocketHeader.BYTES + n];
        AudioSocketHeader.write(t, 0, AudioSocketKind.AUDIO_8K, n);
        System.arraycopy(tone, 0, t, AudioSocketHeader.BYTES, Math.min(n, tone.length));
        return t;
    }

    /** Runs the plan to the end on the caller's thread, reporting to {@code observer}. */
    public LoadResult run(Observer observer) throws Exception {
        Class<? extends SocketChannel> channelClass = transport.socketChannel();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ramal-load", true),
                transport.ioHandlerFactory());
        try {
            loop = group.next();
            bootstrap = new Bootstrap().group(loop).channel(channelClass)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000) // Asterisk's connect timeout
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
            long rampNanos = plan.ramp().toNanos();
            long start = System.nanoTime();
            onLoop(() -> {
                epoch = System.nanoTime();
                lastSlot = -1;
                rampTask = loop.scheduleAtFixedRate(() -> ramp(rampNanos), 0, 1, TimeUnit.MILLISECONDS);
                tickTask = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.MILLISECONDS);
                return null;
            });
            long windowStart = start + rampNanos + plan.settle().toNanos();
            long windowEnd = windowStart + plan.window().toNanos();
            long nextProgress = start + TimeUnit.SECONDS.toNanos(1);
            boolean inWindow = false;
            while (true) {
                long now = System.nanoTime();
                if (!inWindow && now >= windowStart) {
                    onLoop(() -> {
                        measuring = true;
                        return null;
                    });
                    observer.windowStarted();
                    inWindow = true;
                }
                if (inWindow && now >= windowEnd) {
                    onLoop(() -> {
                        measuring = false;
                        sending = false;
                        return null;
                    });
                    observer.windowEnded();
                    break;
                }
                if (now >= nextProgress) {
                    String phase = now < start + rampNanos ? "ramp" : inWindow ? "window" : "settle";
                    observer.progress(progress(start, phase));
                    nextProgress += TimeUnit.SECONDS.toNanos(1);
                }
                long wake = Math.min(nextProgress, inWindow ? windowEnd : windowStart);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, wake - System.nanoTime()));
            }
            // The last echoes are still in the far end's playout buffer: let them come back.
            long tailEnd = System.nanoTime() + plan.tail().toNanos();
            while (System.nanoTime() < tailEnd && onLoop(() -> active > 0 && workload.awaiting(this, calls))) {
                Thread.sleep(20);
            }
            observer.progress(progress(start, "tail"));
            onLoop(() -> {
                rampTask.cancel(false);
                tickTask.cancel(false);
                for (LoadLeg c : calls) {
                    c.closing = true;
                    if (c.channel != null) {
                        c.channel.close();
                    }
                }
                return null;
            });
            long closeEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < closeEnd && onLoop(() -> active > 0 || opened - refused > closedCount)) {
                Thread.sleep(20);
            }
            return onLoop(this::result);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    private Progress progress(long start, String phase) throws Exception {
        return onLoop(() -> {
            Progress p = new Progress((System.nanoTime() - start) / 1e9, phase, active, refused, dropped, sentTotal,
                    receivedTotal, Dist.ofMicros(gapSecond), Dist.ofMicros(rttSecond));
            gapSecond.reset();
            rttSecond.reset();
            return p;
        });
    }

    // ---- on the loop ---------------------------------------------------------------------------

    private void ramp(long rampNanos) {
        int n = calls.length;
        long elapsed = System.nanoTime() - epoch;
        int due = rampNanos == 0 ? n : (int) Math.min(n, (long) ((double) n * elapsed / rampNanos) + 1);
        while (opened < due) {
            open(calls[opened++]);
        }
        if (opened == n) {
            rampTask.cancel(false);
        }
    }

    private void open(LoadLeg call) {
        call.state = LoadLeg.State.CONNECTING;
        ChannelFuture f = bootstrap.clone().handler(call).connect(call.address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                call.state = LoadLeg.State.REFUSED;
                refused++;
                if (firstError == null) {
                    firstError = String.valueOf(done.cause());
                    LOG.warn("call {} could not connect to port {}: {}", call.index, call.port, done.cause().toString());
                }
            }
        });
    }

    private void tick() {
        long now = System.nanoTime();
        long slot = (now - epoch) / SLOT_NANOS;
        if (slot - lastSlot > 2L * BUCKETS) {
            lastSlot = slot - BUCKETS; // more than two windows late: skip ahead, do not burst
        }
        if (measuring) {
            long lag = now - (epoch + (lastSlot + 1) * SLOT_NANOS);
            if (lag > maxSendLagNanos) {
                maxSendLagNanos = lag;
            }
        }
        if (!sending && !workload.ticksAfterSending()) {
            lastSlot = slot;
            return;
        }
        while (lastSlot < slot) {
            lastSlot++;
            ArrayList<LoadLeg> bucket = buckets[(int) (lastSlot % BUCKETS)];
            for (int i = 0, n = bucket.size(); i < n; i++) {
                LoadLeg c = bucket.get(i);
                if (c.state == LoadLeg.State.ACTIVE && c.tick()) {
                    sentTotal++;
                }
            }
        }
    }

    void connected(LoadLeg call) {
        active++;
        buckets[call.bucket].add(call);
    }

    void dropped(LoadLeg call) {
        dropped++;
        if (firstError == null) {
            firstError = "call " + call.index + " dropped by the far end";
        }
    }

    void closed(LoadLeg call) {
        if (call.channel != null && call.state != LoadLeg.State.REFUSED) {
            active = Math.max(0, active - 1);
            closedCount++;
        }
    }

    void error(LoadLeg call, Throwable cause) {
        LOG.debug("call {} error: {}", call.index, cause.toString());
    }

    void echoed() {
        receivedTotal++;
    }

    void recordRtt(long nanos, boolean window) {
        long micros = Math.min(MAX_MICROS, Math.max(0, nanos / 1000));
        rttSecond.recordValue(micros);
        if (window) {
            rtt.recordValue(micros);
        }
    }

    void recordGap(long nanos, boolean window) {
        long micros = Math.min(MAX_MICROS, Math.max(0, nanos / 1000));
        gapSecond.recordValue(micros);
        if (window) {
            gap.recordValue(micros);
        }
    }

    private LoadResult result() {
        long sent = 0;
        long received = 0;
        long duplicates = 0;
        long foreign = 0;
        long priming = 0;
        long silence = 0;
        long blocked = 0;
        long over = 0;
        int callsOver = 0;
        int connected = 0;
        int droppedCalls = 0;
        List<CallSummary> each = perCall ? new ArrayList<>(calls.length) : null;
        for (LoadLeg c : calls) {
            CallSummary s = c.summary();
            sent += c.expected();
            received += c.received;
            duplicates += c.duplicates;
            foreign += c.foreign;
            priming += c.primingSilence;
            silence += c.silence;
            blocked += c.sendBlocked;
            over += c.gapsOver25;
            callsOver += c.gapsOver25 > 0 ? 1 : 0;
            connected += c.channel != null ? 1 : 0;
            droppedCalls += s.state().equals("dropped") ? 1 : 0;
            if (each != null) {
                each.add(s);
            }
        }
        return workload.finish(new LoadResult(plan.target().toString(), calls.length, plan.ramp().toMillis() / 1000.0,
                plan.window().toMillis() / 1000.0, connected, refused, droppedCalls, sent, received, sent - received,
                duplicates, foreign, priming, silence, blocked, Dist.ofMicros(rtt), Dist.ofMicros(gap), over, callsOver,
                Math.round(maxSendLagNanos / 10_000.0) / 100.0, each), calls);
    }

    /** The first connection failure or drop seen, for the report; null when none. */
    public String firstError() {
        return firstError;
    }
}
