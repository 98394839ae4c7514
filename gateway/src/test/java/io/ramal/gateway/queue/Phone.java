package io.ramal.gateway.queue;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One real AudioSocket call for the queue tests: it "speaks" frames whose every sample is its
 * own voice value, and reduces what it hears to the sequence of values heard (consecutive
 * repeats collapsed, silence left out). The rig's prompts are constant-valued too, so each
 * value names exactly one prompt or one other phone.
 */
final class Phone implements AutoCloseable {

    /** A frame whose samples are not all equal. */
    static final int MIXED = Integer.MIN_VALUE;

    final UUID id = UUID.randomUUID();
    final int voice;
    private final AudioSocketClient client;
    private final List<Integer> heard = new ArrayList<>();
    private int last;
    private volatile ScheduledFuture<?> talking;
    private volatile boolean hungUp;

    private Phone(AudioSocketClient client, int voice) {
        this.client = client;
        this.voice = voice;
    }

    /** Dials 127.0.0.1:{@code port} and identifies, as Asterisk does. */
    static Phone dial(int port, int voice) throws IOException {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
        Phone p = new Phone(c, voice);
        c.sendId(p.id);
        return p;
    }

    /** Sends one 20 ms frame of its voice every {@code everyMillis}, from {@code scheduler}. */
    Phone talk(ScheduledExecutorService scheduler, long everyMillis) {
        byte[] frame = frame(voice);
        talking = scheduler.scheduleAtFixedRate(() -> {
            try {
                if (!hungUp) {
                    client.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                }
            } catch (IOException e) {
                stopTalking();
            }
        }, 0, everyMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sends a DTMF digit. */
    void press(char digit) throws IOException {
        client.sendDtmf(digit);
    }

    /** The values heard so far. */
    synchronized List<Integer> heard() {
        collect();
        return new ArrayList<>(heard);
    }

    /** The last value heard, 0 before any. */
    synchronized int last() {
        collect();
        return last;
    }

    /** True once the gateway closed the call (after our hangup or its own). */
    boolean closedByServer() {
        return client.isClosedByServer();
    }

    /** True when the gateway sent the hangup frame. */
    boolean hangupReceived() {
        return client.hangupReceived();
    }

    /**
     * Hangs up the way that lets the last words arrive: half-closes, then reads until the
     * gateway closes. So what this phone heard is exactly what the gateway sent before it
     * saw the hangup.
     */
    void hangUp() throws IOException, InterruptedException {
        hungUp = true;
        stopTalking();
        try {
            client.shutdownOutput();
        } catch (IOException e) {
            // already closed by the gateway
        }
        if (!client.awaitClosed(Duration.ofSeconds(5))) {
            throw new IOException("gateway did not close " + id + " within 5 s of the hangup");
        }
        collect();
    }

    /** True once {@link #hangUp} was called. */
    boolean hungUp() {
        return hungUp;
    }

    @Override
    public void close() throws IOException {
        hungUp = true;
        stopTalking();
        client.close();
    }

    private void stopTalking() {
        ScheduledFuture<?> t = talking;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void collect() {
        AudioSocketClient.Frame f;
        while ((f = client.received().poll()) != null) {
            if (!f.isAudio() || f.isSilence()) {
                continue;
            }
            int v = valueOf(f.payload());
            if (v != last) {
                heard.add(v);
                last = v;
            }
        }
    }

    /** One 20 ms slin 8 kHz frame whose every sample is {@code value}. */
    static byte[] frame(int value) {
        byte[] b = new byte[AudioFormat.SLIN_8K.frameBytes()];
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    /** The common value of a frame's samples, or {@link #MIXED}. */
    static int valueOf(byte[] payload) {
        short first = (short) ((payload[0] & 0xFF) | (payload[1] << 8));
        for (int i = 2; i + 1 < payload.length; i += 2) {
            if ((short) ((payload[i] & 0xFF) | (payload[i + 1] << 8)) != first) {
                return MIXED;
            }
        }
        return first;
    }
}
