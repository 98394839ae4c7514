package io.ramal.bench.fuzz;

import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The well-behaved call that shares the gateway's event loop with the fuzz: streams numbered
 * 20 ms slin 8 kHz frames against absolute deadlines, as Asterisk does, through the real
 * {@link AudioSocketClient}, and measures what the echo brings back: frames that never came
 * back, and the gaps between consecutive echoed frames (the client stamps each arrival on its
 * reader thread). Its own thread sends; {@link #stop} ends the stream and waits for the tail.
 */
final class GoodCall {

    private static final int FB = 320;
    private static final int MAGIC = 0x52414d4c; // "RAML": an echoed frame of ours, not silence

    private final AudioSocketClient client;
    private final Thread sender;
    private volatile boolean stopping;
    private int sent;
    private final BitSet echoed = new BitSet();
    private long[] gaps = new long[4096];
    private int gapCount;
    private long silenceAfterStart;
    private volatile Exception failure;
    /** How late each frame left this side (its thread starved by a busy machine), per frame, capped. */
    private final long[] sendLate = new long[1 << 16];

    GoodCall(InetSocketAddress address) throws Exception {
        client = AudioSocketClient.connect(address, Duration.ofSeconds(2));
        client.sendId(UUID.randomUUID());
        sender = new Thread(this::stream, "fuzz-good-call");
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    private void stream() {
        byte[] frame = new byte[FB];
        for (int i = 8; i < FB; i++) {
            frame[i] = (byte) (1 + i % 100);
        }
        long next = System.nanoTime();
        try {
            while (!stopping) {
                putInt(frame, 0, MAGIC);
                putInt(frame, 4, sent);
                long late = System.nanoTime() - next;
                client.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, FB);
                if (sent < sendLate.length) {
                    sendLate[sent] = late;
                }
                sent++;
                next += 20_000_000L;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Stops sending, collects the echoes (up to {@code tail} after the last frame) and hangs up. */
    Result stop(Duration tail) throws Exception {
        stopping = true;
        sender.join(5_000);
        long end = System.nanoTime() + tail.toNanos();
        long last = -1;
        long silenceSinceEcho = 0;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            AudioSocketClient.Frame f = client.poll(Duration.ofNanos(left));
            if (f == null) {
                break;
            }
            byte[] p = f.payload();
            if (p.length >= 8 && getInt(p, 0) == MAGIC) {
                int seq = getInt(p, 4);
                echoed.set(seq);
                if (last >= 0) {
                    if (gapCount == gaps.length) {
                        gaps = Arrays.copyOf(gaps, gaps.length * 2);
                    }
                    gaps[gapCount++] = f.arrivalNanos() - last;
                }
                last = f.arrivalNanos();
                silenceAfterStart += silenceSinceEcho; // silence between two echoes: a gap in the stream
                silenceSinceEcho = 0;
                if (echoed.cardinality() == sent) {
                    break;
                }
            } else if (last >= 0) {
                silenceSinceEcho++; // counted once an echo follows: silence after the last one is the tail
            }
        }
        boolean closed = client.isClosedByServer();
        client.close();
        long[] g = Arrays.copyOf(gaps, gapCount);
        Arrays.sort(g);
        long[] late = Arrays.copyOf(sendLate, Math.min(sent, sendLate.length));
        Arrays.sort(late);
        return new Result(sent, sent - echoed.cardinality(), silenceAfterStart, percentileMs(g, 0.99),
                g.length == 0 ? 0 : g[g.length - 1] / 1e6, closed, failure, percentileMs(late, 0.99),
                late.length == 0 ? 0 : late[late.length - 1] / 1e6);
    }

    /**
     * What the good call saw. Reading the echoes only after the stream ends is fine: the client's
     * reader thread stamps each frame on arrival and queues it.
     */
    record Result(int sent, int lost, long silenceInStream, double gapP99Ms, double gapMaxMs, boolean closedByServer,
                  Exception failure, double sendLateP99Ms, double sendLateMaxMs) {
    }

    private static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
