package io.ramal.gateway.cluster;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A call that behaves like Asterisk's leg of a phone playing a pure tone: it sends a sine of its
 * own frequency, 20 ms at a time, and tells the tones it hears apart by frequency (a Goertzel
 * filter per frame for the frequencies it listens for), noting when each was first heard and
 * the arrival gaps of the audio frames. Frequencies are multiples of 50 Hz, so a 20 ms frame at
 * 8 kHz holds whole cycles.
 */
final class TonePhone implements AutoCloseable {

    /** Share of a frame's energy at one frequency for the frame to count as that tone. */
    private static final double TONE_SHARE = 0.6;

    final UUID id = UUID.randomUUID();
    final int hz;
    final String name;
    private final AudioSocketClient client;
    private final int[] listenFor;
    private final long[] firstHeardNanos;
    private final List<List<Long>> heardAt = new ArrayList<>();
    private final int[] framesHeard;
    private final List<Long> gaps = new ArrayList<>();
    private long lastArrival;
    private int audioFrames;
    private long phase;
    private volatile ScheduledFuture<?> talking;
    private volatile boolean hungUp;

    private TonePhone(String name, AudioSocketClient client, int hz, int... listenFor) {
        this.name = name;
        this.client = client;
        this.hz = hz;
        this.listenFor = listenFor.clone();
        this.firstHeardNanos = new long[listenFor.length];
        this.framesHeard = new int[listenFor.length];
        for (int i = 0; i < listenFor.length; i++) {
            heardAt.add(new ArrayList<>());
        }
    }

    /** Dials {@code host:port}, identifies as Asterisk does, and listens for {@code listenFor}. */
    static TonePhone dial(String name, String host, int port, int hz, int... listenFor) throws IOException {
        AudioSocketClient c = AudioSocketClient.connect(new InetSocketAddress(host, port), Duration.ofSeconds(5));
        TonePhone p = new TonePhone(name, c, hz, listenFor);
        c.sendId(p.id);
        return p;
    }

    /** Sends its tone, one 20 ms frame every 20 ms, from {@code scheduler}. */
    TonePhone talk(ScheduledExecutorService scheduler) {
        byte[] frame = new byte[AudioFormat.SLIN_8K.frameBytes()];
        talking = scheduler.scheduleAtFixedRate(() -> {
            try {
                if (!hungUp) {
                    fill(frame);
                    client.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                }
            } catch (IOException e) {
                stopTalking();
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        return this;
    }

    private void fill(byte[] frame) {
        for (int i = 0; i < frame.length / 2; i++, phase++) {
            short s = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * phase / 8000.0));
            frame[2 * i] = (byte) s;
            frame[2 * i + 1] = (byte) (s >> 8);
        }
    }

    /** Sends a DTMF digit. */
    void press(char digit) throws IOException {
        client.sendDtmf(digit);
    }

    /** When {@code freq} (one of those it listens for) was first heard, in System.nanoTime; 0 if not yet. */
    synchronized long firstHeard(int freq) {
        collect();
        return firstHeardNanos[index(freq)];
    }

    /** When {@code freq} was first heard after {@code after} (System.nanoTime); 0 if not since. */
    synchronized long firstHeardAfter(int freq, long after) {
        collect();
        for (long t : heardAt.get(index(freq))) {
            if (t > after) {
                return t;
            }
        }
        return 0;
    }

    /** How many frames of {@code freq} it heard. */
    synchronized int framesOf(int freq) {
        collect();
        return framesHeard[index(freq)];
    }

    /** Audio frames received so far. */
    synchronized int audioFrames() {
        collect();
        return audioFrames;
    }

    /** The {@code q} quantile (0..1) of the arrival gaps between audio frames, in ms, from {@code skip} gaps on. */
    synchronized double gapQuantileMs(double q, int skip) {
        collect();
        long[] g = gaps.stream().skip(skip).mapToLong(Long::longValue).sorted().toArray();
        if (g.length == 0) {
            return Double.NaN;
        }
        return g[Math.min(g.length - 1, (int) Math.ceil(q * g.length) - 1)] / 1e6;
    }

    /** True once the gateway closed the call. */
    boolean closedByServer() {
        return client.isClosedByServer();
    }

    /** True when the gateway sent the hangup frame. */
    boolean hangupReceived() {
        return client.hangupReceived();
    }

    /** Hangs up as Asterisk does when the caller puts the phone down. */
    void hangUp() throws IOException, InterruptedException {
        hungUp = true;
        stopTalking();
        try {
            client.send(AudioSocketKind.HANGUP, new byte[0], 0, 0);
            client.shutdownOutput();
        } catch (IOException e) {
            // already closed by the gateway
        }
        client.awaitClosed(Duration.ofSeconds(5));
    }

    @Override
    public void close() throws IOException {
        hungUp = true;
        stopTalking();
        client.close();
    }

    @Override
    public String toString() {
        return name + "(" + hz + " Hz, heard " + Arrays.toString(framesHeard) + " of " + Arrays.toString(listenFor) + ")";
    }

    private void stopTalking() {
        ScheduledFuture<?> t = talking;
        if (t != null) {
            t.cancel(false);
        }
    }

    private int index(int freq) {
        for (int i = 0; i < listenFor.length; i++) {
            if (listenFor[i] == freq) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " does not listen for " + freq + " Hz");
    }

    private void collect() {
        AudioSocketClient.Frame f;
        while ((f = client.received().poll()) != null) {
            if (!f.isAudio()) {
                continue;
            }
            audioFrames++;
            if (lastArrival != 0) {
                gaps.add(f.arrivalNanos() - lastArrival);
            }
            lastArrival = f.arrivalNanos();
            for (int i = 0; i < listenFor.length; i++) {
                if (share(f.payload(), listenFor[i]) >= TONE_SHARE) {
                    framesHeard[i]++;
                    heardAt.get(i).add(f.arrivalNanos());
                    if (firstHeardNanos[i] == 0) {
                        firstHeardNanos[i] = f.arrivalNanos();
                    }
                }
            }
        }
    }

    /** The share of the frame's energy at {@code freq} (Goertzel), 0..about 1. */
    static double share(byte[] pcm, int freq) {
        int n = pcm.length / 2;
        double coeff = 2 * Math.cos(2 * Math.PI * freq / 8000.0);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = 0; i < n; i++) {
            double x = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
            energy += x * x;
            double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        if (energy < 1e3) {
            return 0; // silence
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return power / (energy * n / 2.0);
    }
}
