package io.ramal.gateway.queue;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Wav;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.prompt.Prompt;
import io.ramal.gateway.prompt.Prompts;
import io.ramal.gateway.queue.line.ExtensionLookup;
import io.ramal.gateway.queue.match.LocalMatchmaker;
import io.ramal.gateway.queue.match.QueueEvent;
import io.ramal.gateway.queue.match.QueueEvents;
import io.ramal.gateway.testing.TestGateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A gateway serving queue and agent extensions on loopback, with prompts the tests can
 * recognise: every prompt file is a few frames of one constant sample value (its own), so a
 * {@link Phone} names each frame it hears. Also records every queue event.
 */
final class QueueRig implements AutoCloseable {

    /** Frames of each test prompt: short, so that tests are quick. */
    private static final int PROMPT_FRAMES = 3;

    final List<QueueEvent> events = Collections.synchronizedList(new ArrayList<>());
    final QueueModule module;
    final TestGateway gateway;
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "queue-test-phones");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> values = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();

    QueueRig(Path tmp, ExtensionLookup lookup) throws Exception {
        this(tmp, lookup, e -> { }, CallRecorder.NONE);
    }

    /** Also hands every queue event to {@code more} and every finished call's record to {@code recorder}. */
    QueueRig(Path tmp, ExtensionLookup lookup, QueueEvents more, CallRecorder recorder) throws Exception {
        Path dir = tmp.resolve("prompts");
        java.nio.file.Files.createDirectories(dir);
        int v = 100;
        for (String name : Prompts.names()) {
            int frames = name.equals(Prompt.HOLD.file()) ? 10 : PROMPT_FRAMES;
            byte[] pcm = new byte[frames * AudioFormat.SLIN_8K.frameBytes()];
            byte[] f = Phone.frame(v);
            for (int i = 0; i < frames; i++) {
                System.arraycopy(f, 0, pcm, i * f.length, f.length);
            }
            Wav.write(dir.resolve(name + ".wav"), 8000, pcm);
            values.put(name, v);
            names.put(v, name);
            v += 10;
        }
        CallSettings settings = CallSettings.from(Map.of("handshake-timeout", "2s", "idle-timeout", "0"));
        QueueEvents recorded = events::add;
        module = new QueueModule(dir, settings, lookup, recorded.andThen(more));
        Handlers handlers = Handlers.withEcho();
        module.register(handlers);
        gateway = new TestGateway(handlers, settings, 2, recorder);
    }

    /** Binds an extension of {@code mode} with {@code settings} on a free port; returns the port. */
    int bind(String ramal, Mode mode, Map<String, Object> settings) throws Exception {
        Extension e = TestGateway.extension(ramal, TestGateway.freePort(), mode, settings, "test");
        return TestGateway.port(gateway.bind(e));
    }

    /** The value of a prompt. */
    int value(Prompt p) {
        return values.get(p.file());
    }

    /** The value of a number prompt. */
    int number(int n) {
        return values.get(Prompt.numberFile(n));
    }

    /** What a heard value is: a prompt's file name, "voice &lt;v&gt;", or "mixed". */
    String name(int value) {
        if (value == Phone.MIXED) {
            return "mixed";
        }
        String n = names.get(value);
        return n != null ? n : "voice " + value;
    }

    /** Heard values as names, for messages. */
    List<String> names(List<Integer> heard) {
        return heard.stream().map(this::name).toList();
    }

    /** The events of one caller, by type. */
    List<QueueEvent.Type> typesOf(UUID caller) {
        synchronized (events) {
            return events.stream().filter(e -> caller.equals(e.caller())).map(QueueEvent::type).toList();
        }
    }

    /** Runs the matchmaker's invariant check on its own thread. */
    void checkInvariants() {
        ((LocalMatchmaker) module.matchmaker()).verify();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        gateway.close();
        module.close();
    }
}
