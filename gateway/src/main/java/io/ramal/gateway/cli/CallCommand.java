package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import io.ramal.audio.Wav;
import io.ramal.extensions.Units;
import io.ramal.gateway.client.CallRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code ramal call HOST:PORT}: plays Asterisk to test a line without Asterisk. Streams a WAV or
 * a tone paced at 20 ms, sends DTMF at given times, records what comes back (under
 * {@code var/recordings/} unless told otherwise), and prints a summary: frames each way, audio
 * and silence, frames echoed, time to first audio, arrival-gap percentiles.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call an AudioSocket line as Asterisk would, and report what came back.")
public final class CallCommand implements Callable<Integer> {

    /** Where relative {@code --record} files go, under the home directory. */
    static final Path RECORDINGS = Path.of("var", "recordings");

    @Spec
    CommandSpec spec;

    /** For the home directory, from the one configuration loader. */
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The extension's address, e.g. 127.0.0.1:40000.")
    String target;

    @Option(names = "--seconds", defaultValue = "3", description = "Length of the call in seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--wav", paramLabel = "FILE", description = "Send this WAV (PCM16 mono at the call's rate) instead of a tone.")
    Path wav;

    @Option(names = "--tone", paramLabel = "HZ", defaultValue = "440",
            description = "Frequency of the tone sent when no --wav is given (default ${DEFAULT-VALUE}).")
    double tone;

    @Option(names = "--rate", defaultValue = "8000",
            description = "Sample rate: 8000, 12000, 16000, 24000, 32000, 44100, 48000, 96000, 192000 (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--dtmf", paramLabel = "DIGIT@TIME[,...]", description = "Digits to send, e.g. 1@1s,#@2500ms.")
    String dtmf;

    @Option(names = "--record", paramLabel = "FILE", description = "Write the audio that came back to this WAV;"
            + " a relative FILE goes under var/recordings/ of RAMAL_HOME (the checkout's is git-ignored).")
    Path record;

    @Option(names = "--uuid", description = "The call's UUID (default: random).")
    UUID uuid;

    @Option(names = "--tail", defaultValue = "500ms", description = "How long to listen after sending ends (default ${DEFAULT-VALUE}).")
    String tail;

    @Option(names = "--expect-echo", description = "Exit 1 unless every frame sent came back (for echo lines).")
    boolean expectEcho;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InetSocketAddress address = parseTarget(target);
        AudioFormat format = AudioFormat.ofSampleRate(rate);
        if (seconds <= 0 || seconds > 24 * 3600) {
            throw new IllegalArgumentException("--seconds=" + seconds + " is invalid, allowed: more than 0, at most 86400");
        }
        Duration length = Duration.ofMillis((long) (seconds * 1000));
        byte[] audio;
        if (wav != null) {
            Wav.Audio w;
            try {
                w = Wav.read(wav);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--wav " + wav + " is missing: no file at "
                        + wav.toAbsolutePath().normalize(), e);
            }
            if (w.sampleRate() != rate) {
                throw new IllegalArgumentException("--wav " + wav + " is " + w.sampleRate() + " Hz but --rate is " + rate
                        + ": give --rate " + w.sampleRate() + " or convert the file");
            }
            audio = w.slinLE();
        } else {
            audio = Tone.sine(rate, tone, 0.3, length);
        }
        CallRunner.Result r = CallRunner.run(new CallRunner.Plan(address, uuid != null ? uuid : UUID.randomUUID(),
                format, audio, length, parseDtmf(dtmf), Units.duration("--tail", tail)));
        Path recording = null;
        if (record != null) {
            recording = recordingPath(main.loadConfig().home(), record);
            Files.createDirectories(recording.getParent());
            Wav.write(recording, rate, r.recorded());
        }
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode n = m.valueToTree(r);
            n.remove("recorded");
            n.put("silentFramesSent", r.silentFramesSent());
            n.put("silentFramesReceived", r.silentFramesReceived());
            n.put("allEchoed", r.allEchoed());
            if (recording != null) {
                n.put("recording", recording.toString());
            }
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            out.println(r.summary());
            if (recording != null) {
                out.println("recorded " + r.recorded().length / format.frameBytes() + " frames to " + recording);
            }
        }
        out.flush();
        return expectEcho && !r.allEchoed() ? 1 : 0;
    }

    /**
     * Where {@code --record FILE} writes: an absolute FILE as given, a relative one under
     * {@link #RECORDINGS} of the home directory, so the README's demo calls leave no WAV among
     * the sources of a checkout.
     */
    static Path recordingPath(Path home, Path file) {
        return file.isAbsolute() ? file : home.resolve(RECORDINGS).resolve(file).normalize();
    }

    static InetSocketAddress parseTarget(String t) {
        int colon = t.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("target " + t + " is invalid, expected HOST:PORT");
        }
        String host = t.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target " + t + " has no port number, expected HOST:PORT", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is invalid, allowed: 1..65535");
        }
        return new InetSocketAddress(host, port);
    }

    static Map<Duration, Character> parseDtmf(String spec) {
        Map<Duration, Character> digits = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return digits;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int at = p.indexOf('@');
            if (at != 1 || "0123456789*#ABCD".indexOf(p.charAt(0)) < 0) {
                throw new IllegalArgumentException("--dtmf " + p + " is invalid, expected DIGIT@TIME with a digit of "
                        + "0-9 * # A-D, e.g. 5@1500ms");
            }
            digits.put(Units.duration("--dtmf " + p, p.substring(2)), p.charAt(0));
        }
        return digits;
    }
}
