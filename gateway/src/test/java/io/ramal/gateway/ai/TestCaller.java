package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Asterisk's side of a test call: an {@link AudioSocketClient} that sends a 20 ms frame every
 * 20 ms (whatever {@link #say} set, silence by default) and keeps every frame that comes back.
 */
final class TestCaller implements AutoCloseable {

    final UUID id = UUID.randomUUID();
    final AudioFormat format;
    private final AudioSocketClient client;
    private final ScheduledExecutorService sender;
    private final List<AudioSocketClient.Frame> frames = new ArrayList<>();
    private volatile byte[] frame;
    private volatile int framesLeft = -1;
    /** When set, the frame of each tick, numbered from 0; null when {@link #frame} is sent. */
    private final IntFunction<byte[]> script;
    private int tick;

    TestCaller(int port, AudioFormat format) throws IOException {
        this(port, format, new byte[format.frameBytes()]);
    }

    /** A caller that says {@code frame} from its very first tick, as {@link #say(byte[])} would. */
    TestCaller(int port, AudioFormat format, byte[] firstFrame) throws IOException {
        this(port, format, firstFrame, null);
    }

    /** A caller that sends {@code script}'s frame {@code k} on its tick {@code k}, from the first. */
    TestCaller(int port, AudioFormat format, IntFunction<byte[]> script) throws IOException {
        this(port, format, null, script);
    }

    private TestCaller(int port, AudioFormat format, byte[] firstFrame, IntFunction<byte[]> script) throws IOException {
        this.format = format;
        this.frame = firstFrame; // a field the sender reads each tick: say() replaces it
        this.script = script;
        client = AudioSocketClient.connect("127.0.0.1", port);
        client.sendId(id);
        AudioSocketKind kind = AudioSocketKind.of(format);
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-caller");
            t.setDaemon(true);
            return t;
        });
        sender.scheduleAtFixedRate(() -> {
            try {
                byte[] f = script != null ? script.apply(tick++) : frame;
                if (framesLeft == 0) {
                    f = new byte[format.frameBytes()];
                } else if (framesLeft > 0) {
                    framesLeft--;
                }
                client.sendAudio(kind, f, 0, f.length);
            } catch (IOException e) {
                // the gateway closed: the test looks at what arrived
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Sends {@code frame} every tick from now on. */
    void say(byte[] frame) {
        this.framesLeft = -1;
        this.frame = frame;
    }

    /** Sends {@code frame} for {@code frames} ticks, then silence. */
    void say(byte[] frame, int frames) {
        this.frame = frame;
        this.framesLeft = frames;
    }

    void dtmf(char digit) throws IOException {
        client.sendDtmf(digit);
    }

    /** Every frame received so far, in order. */
    List<AudioSocketClient.Frame> frames() {
        synchronized (frames) {
            AudioSocketClient.Frame f;
            while ((f = client.received().poll()) != null) {
                frames.add(f);
            }
            return List.copyOf(frames);
        }
    }

    /** Audio frames received that are not silence. */
    List<AudioSocketClient.Frame> audible() {
        return frames().stream().filter(f -> f.isAudio() && !f.isSilence()).toList();
    }

    /** Frames matching {@code p}. */
    List<AudioSocketClient.Frame> matching(Predicate<AudioSocketClient.Frame> p) {
        return frames().stream().filter(p).toList();
    }

    boolean hangupReceived() {
        return client.hangupReceived();
    }

    boolean awaitClosed(Duration d) throws InterruptedException {
        return client.awaitClosed(d);
    }

    /** Hangs up: closes the socket as Asterisk does. */
    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        client.close();
    }
}
