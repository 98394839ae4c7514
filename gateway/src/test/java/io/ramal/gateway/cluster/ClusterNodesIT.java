package io.ramal.gateway.cluster;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TcpProxy;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.Modes;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway nodes in processes of their own on one PostgreSQL, each on its own loopback address
 * ({@code node.bind}), as issue 15's "Done when" asks: a caller and an attendant on different
 * nodes talk through the relay; callers spread over three nodes are served in arrival order;
 * the owner killed with SIGKILL costs seconds and no caller; a relay connection without the
 * secret is refused before any audio; an owner that loses the database gives its queue up
 * before another node takes it, and keeps serving its calls.
 */
class ClusterNodesIT {

    private static final String QUEUE = "suporte";
    private static final int ATTENDANT_HZ = 1800;
    /** One frequency per caller, in arrival order: multiples of 50 Hz, away from the prompts' tones. */
    private static final int[] CALLER_HZ = {600, 700, 800, 900, 1100, 1200, 1300, 1400, 1500, 1600};
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private TestDb db;
    private int queuePort;
    private int agentPort;
    private int echoPort;
    private int relayPort;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ScheduledExecutorService voice = Executors.newScheduledThreadPool(2);

    @BeforeEach
    void extensions() throws Exception {
        db = TestDb.create();
        queuePort = TestGateway.freePort();
        agentPort = TestGateway.freePort();
        echoPort = TestGateway.freePort();
        relayPort = TestGateway.freePort();
        try (PgExtensionStore s = PgExtensionStore.open(db.config, Modes.SETTINGS)) {
            s.add(extension("8000", queuePort, Mode.QUEUE, Map.of("queue", QUEUE, "wrap-up", "0",
                    "announce-interval", "0")));
            s.add(extension("8100", agentPort, Mode.AGENT, Map.of("queues", QUEUE)));
            s.add(extension("8200", echoPort, Mode.ECHO, Map.of()));
        }
    }

    @AfterEach
    void stop(org.junit.jupiter.api.TestInfo test) throws Exception {
        voice.shutdownNow();
        for (AutoCloseable c : closing) {
            c.close();
        }
        for (NodeProcess n : nodes) {
            n.close();
            // Kept for whoever reads a failure: target/cluster-logs/<test>/<node>.log
            Path keep = Path.of("target", "cluster-logs", test.getTestMethod().orElseThrow().getName());
            java.nio.file.Files.createDirectories(keep);
            java.nio.file.Files.writeString(keep.resolve(n.name + ".log"), n.log());
        }
        db.close();
    }

    private static Extension extension(String ramal, int port, Mode mode, Map<String, Object> settings) {
        return new Extension(ramal, "127.0.0.1", port, mode, settings, null, true, "cluster test",
                Modes.SETTINGS.parse(mode, settings));
    }

    private NodeProcess node(String name, String host, String dbUrl) throws Exception {
        NodeProcess n = NodeProcess.start(name, host, relayPort, TestGateway.freePort(), db.config, dbUrl, dir);
        nodes.add(n);
        return n;
    }

    private void awaitUp(NodeProcess... ns) {
        for (NodeProcess n : ns) {
            Await.until(Duration.ofSeconds(60), () -> n + " listens on its own address: " + tail(n),
                    () -> n.accepts(queuePort) && n.accepts(agentPort) && n.accepts(relayPort));
        }
    }

    /** The node that holds the queue's lease now, by the database's clock; null when none. */
    private String owner() {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT owner FROM " + db.config.schema()
                     + ".queue_leases WHERE queue = '" + QUEUE + "' AND expires_at > now()")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code queue attendant answered|unanswered} of a call's record, or {@code none}. */
    private String record(UUID call) {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT queue, attendant, answered_at FROM " + db.config.schema()
                     + ".call_records WHERE call_id = '" + call + "'")) {
            return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " "
                    + (rs.getTimestamp(3) != null ? "answered" : "unanswered") : "none";
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private NodeProcess awaitOwner() {
        Await.until(Duration.ofSeconds(30), "a node owns the queue", () -> owner() != null);
        String o = owner();
        return nodes.stream().filter(n -> n.name.equals(o)).findFirst().orElseThrow();
    }

    private TonePhone caller(NodeProcess n, int i) throws Exception {
        TonePhone p = TonePhone.dial("caller" + i + "@" + n.name, n.host, queuePort, CALLER_HZ[i], ATTENDANT_HZ)
                .talk(voice);
        closing.add(p);
        return p;
    }

    /**
     * {@code p}, once the owner has it waiting in the queue: so the next caller arrives after it,
     * whichever node it called, without sleeping a guess.
     */
    private TonePhone enqueued(NodeProcess owner, TonePhone p) {
        String line = "call=" + p.id + " ramal=8000 queue=" + QUEUE + " waiting";
        Await.until(Duration.ofSeconds(15), () -> p + " waits on " + owner + ": " + tail(owner),
                () -> owner.log().contains(line));
        return p;
    }

    private TonePhone attendant(NodeProcess n) throws Exception {
        TonePhone p = TonePhone.dial("attendant@" + n.name, n.host, agentPort, ATTENDANT_HZ, CALLER_HZ).talk(voice);
        closing.add(p);
        return p;
    }

    private static String tail(NodeProcess n) {
        String log = n.log();
        return log.substring(Math.max(0, log.length() - 3000));
    }

    // ---- the tests -----------------------------------------------------------------------------

    @Test
    void aCallerAndAnAttendantOnDifferentNodesTalkThroughTheRelayAndAnOwnerCutOffFromTheDatabaseLetsGo()
            throws Exception {
        URI server = URI.create(db.config.url().substring("jdbc:".length()));
        TcpProxy proxyA = new TcpProxy(server.getHost(), server.getPort());
        TcpProxy proxyB = new TcpProxy(server.getHost(), server.getPort());
        closing.add(proxyA);
        closing.add(proxyB);
        NodeProcess a = node("node-a", "127.0.0.2", "jdbc:postgresql://127.0.0.1:" + proxyA.port() + server.getRawPath());
        NodeProcess b = node("node-b", "127.0.0.3", "jdbc:postgresql://127.0.0.1:" + proxyB.port() + server.getRawPath());
        awaitUp(a, b);
        NodeProcess owner = awaitOwner();
        NodeProcess other = owner == a ? b : a;
        TcpProxy ownerDb = owner == a ? proxyA : proxyB;

        // The attendant on the owner, the caller on the other node: the caller's leg is relayed.
        TonePhone att = attendant(owner);
        TonePhone caller = caller(other, 0);
        Await.until(Duration.ofSeconds(20), () -> "they hear each other: " + caller + " " + att,
                () -> caller.framesOf(ATTENDANT_HZ) >= 50 && att.framesOf(CALLER_HZ[0]) >= 50);
        int skip = caller.audioFrames(); // the prompts and the connect tone before: paced too, but not the point
        int heard = caller.framesOf(ATTENDANT_HZ);
        // Eight seconds, so that the fresh node JVMs' first late sends (seen: 4 in a 400-frame call on
        // a loaded 2-core machine) weigh as they would in a real call, not as 1 % of a short one.
        Await.until(Duration.ofSeconds(20), () -> "eight more seconds of talk: " + caller,
                () -> caller.framesOf(ATTENDANT_HZ) >= heard + 400);
        System.out.printf("relayed caller: arrival gap p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d frames%n",
                caller.gapQuantileMs(0.5, skip), caller.gapQuantileMs(0.99, skip), caller.gapQuantileMs(1.0, skip),
                caller.audioFrames() - skip);
        // Paced at 20 ms by the node Asterisk talks to, on its own clock (the test's reader thread adds
        // its own scheduling on a loaded machine): at most 2 % of its sends came more than 25 ms after
        // the one before. On CI's two cores, shared by three gateway JVMs, this one and PostgreSQL, a few
        // sends are late for want of CPU, not because of the relay (4 of 398 and 7 of 569 seen, 2026-12-01).
        caller.hangUp();
        Await.until(Duration.ofSeconds(10), () -> "the relaying node's end line for " + caller.id + ": " + tail(other),
                () -> other.log().contains("call ended call=" + caller.id));
        Matcher end = Pattern.compile("call ended call=" + caller.id + " .* frames-out=(\\d+) .* late-sends=(\\d+) ")
                .matcher(other.log());
        assertTrue(end.find(), tail(other));
        long framesOut = Long.parseLong(end.group(1));
        long late = Long.parseLong(end.group(2));
        assertTrue(framesOut >= 300 && late * 50 <= framesOut, "the relayed caller paced at 20 ms, p98 within"
                + " 25 ms: late-sends=" + late + " of frames-out=" + framesOut);
        assertTrue(att.framesOf(CALLER_HZ[0]) >= 200, att.toString());
        // One record for the call, written where Asterisk's call is, with the answer the owner saw.
        Await.until(Duration.ofSeconds(20), () -> "the relayed call's record, answered by " + att.id + ": "
                + record(caller.id), () -> record(caller.id).equals(QUEUE + " " + att.id + " answered"));

        // The owner loses the database: it gives the queue up before the other node takes it.
        AudioSocketClient echo = AudioSocketClient.connect(new InetSocketAddress(owner.host, echoPort),
                Duration.ofSeconds(5));
        closing.add(echo);
        echo.sendId(UUID.randomUUID());
        ownerDb.cut();
        Await.until(Duration.ofSeconds(LEASE.toSeconds() + 5), () -> "the other node owns the queue: " + tail(other),
                () -> other.log().contains("queue owned queue=" + QUEUE));
        long lost = logTime(owner, "queue lost queue=" + QUEUE);
        long gained = logTime(other, "queue owned queue=" + QUEUE);
        assertTrue(lost > 0 && lost < gained, "the old owner let go (" + lost + ") before the new one took it ("
                + gained + ")");
        // It still serves the calls it has: an echo call on it goes on.
        byte[] frame = new byte[320];
        frame[0] = 9;
        echo.received().clear();
        java.util.concurrent.ScheduledFuture<?> speaking = voice.scheduleAtFixedRate(() -> {
            try {
                echo.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        closing.add(() -> speaking.cancel(false));
        Await.until(Duration.ofSeconds(5), "the echo call goes on", () -> echo.received().stream()
                .filter(f -> f.isAudio() && !f.isSilence()).count() >= 20);
        assertFalse(echo.hangupReceived() || echo.isClosedByServer(), "the echo call was not ended");
        ownerDb.restore();
    }

    @Test
    void callersOverThreeNodesAreServedInArrivalOrderAndTheOwnersDeathCostsSecondsAndNoCaller() throws Exception {
        NodeProcess a = node("node-a", "127.0.0.2", db.config.url());
        NodeProcess b = node("node-b", "127.0.0.3", db.config.url());
        NodeProcess c = node("node-c", "127.0.0.4", db.config.url());
        awaitUp(a, b, c);
        NodeProcess owner = awaitOwner();
        List<NodeProcess> all = List.of(a, b, c);

        // Ten callers, spread over the three nodes, in a known order; then one attendant.
        List<TonePhone> callers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            callers.add(enqueued(owner, caller(all.get(i % 3), i)));
        }
        TonePhone att = attendant(b);
        assertEquals(callers, serve(att, callers), "served in arrival order");
        att.hangUp();

        // Survivors only from here: callers on the two other nodes, the attendant on one of them.
        List<NodeProcess> rest = all.stream().filter(n -> n != owner).toList();
        TonePhone att2 = attendant(rest.get(0));
        List<TonePhone> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(enqueued(owner, caller(rest.get(i % 2), i)));
        }
        // The first is talking with the attendant when the owner dies; the other four wait.
        Await.until(Duration.ofSeconds(20), "the first caller talks", () -> waiting.get(0).framesOf(ATTENDANT_HZ) >= 10);
        long killedAt = System.nanoTime();
        owner.kill();
        Await.until(LEASE.plusSeconds(2).plusSeconds(3), "another node owns the queue", () -> {
            String now = owner();
            return now != null && !now.equals(owner.name);
        });
        double took = (System.nanoTime() - killedAt) / 1e9;
        assertTrue(took <= LEASE.toSeconds() + 2 + 1.0, "a new owner within node.lease + 2 s (+1 s of polling): "
                + took + " s");
        for (TonePhone p : waiting) {
            assertFalse(p.closedByServer(), p + " is still on the line after the failover");
        }
        // The conversation cut by the death resumes first (its caller arrived first), then the rest in order.
        long mark = System.nanoTime();
        List<TonePhone> served = serveAfter(att2, waiting, mark);
        assertEquals(waiting, served, "after the failover, in the original order, each once");
    }

    @Test
    void anOwnerStoppedForARestartHandsItsQueueOverAndNoCallerIsHungUp() throws Exception {
        NodeProcess a = node("node-a", "127.0.0.2", db.config.url());
        NodeProcess b = node("node-b", "127.0.0.3", db.config.url());
        awaitUp(a, b);
        NodeProcess owner = awaitOwner();
        NodeProcess other = owner == a ? b : a;
        List<TonePhone> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(enqueued(owner, caller(other, i))); // relayed to the owner
        }
        owner.close(); // SIGTERM, as systemd stops it: the leases go at once, the relayed legs move
        Await.until(Duration.ofSeconds(5), "the other node owns the queue", () -> other.name.equals(owner()));
        for (TonePhone p : waiting) {
            assertFalse(p.closedByServer(), p + " is still on the line after the owner stopped");
        }
        long mark = System.nanoTime();
        TonePhone att = attendant(other);
        assertEquals(waiting, serveAfter(att, waiting, mark), "served by the new owner in their original order");
    }

    @Test
    void aRelayConnectionWithoutTheSecretIsRefusedBeforeAnyAudio() throws Exception {
        NodeProcess a = node("node-a", "127.0.0.2", db.config.url());
        awaitUp(a);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a.host, relayPort), 2_000);
            s.setSoTimeout(5_000);
            UUID id = UUID.randomUUID();
            ByteBuffer idFrame = ByteBuffer.allocate(19).put((byte) 0x01).putShort((short) 16)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            s.getOutputStream().write(idFrame.array());
            // A queue caller's audio where the header should be: what a stranger would send.
            byte[] audio = new byte[323];
            audio[0] = 0x10;
            audio[1] = 0x01;
            audio[2] = 0x40;
            s.getOutputStream().write(audio);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int total = 0;
            boolean audioSeen = false;
            int n;
            while ((n = in.read(buf)) > 0) {
                audioSeen |= buf[0] >= 0x10 && buf[0] <= 0x18;
                total += n;
            }
            assertFalse(audioSeen, "no audio to a peer without the secret (" + total + " bytes)");
        }
        Await.until(Duration.ofSeconds(5), () -> "the refusal is logged: " + tail(a),
                () -> a.log().contains("relay refused"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * The attendant serves whoever comes: each caller, once heard, is ended with the end digit;
     * returns the callers in the order they were first heard.
     */
    private List<TonePhone> serve(TonePhone att, List<TonePhone> callers) throws Exception {
        return serveAfter(att, callers, 0);
    }

    private List<TonePhone> serveAfter(TonePhone att, List<TonePhone> callers, long after) throws Exception {
        List<TonePhone> order = new ArrayList<>();
        while (order.size() < callers.size()) {
            Await.until(Duration.ofSeconds(30), () -> "the attendant hears caller " + (order.size() + 1) + " of "
                    + callers.size() + ": " + att + " " + callers, () -> callers.stream()
                    .anyMatch(p -> !order.contains(p) && heardAfter(att, p, after)));
            TonePhone next = callers.stream().filter(p -> !order.contains(p) && heardAfter(att, p, after))
                    .min(Comparator.comparingLong(p -> att.firstHeardAfter(p.hz, after))).orElseThrow();
            order.add(next);
            att.press('0'); // ends the conversation: the caller is hung up, the attendant takes the next
            Await.until(Duration.ofSeconds(10), next + " is hung up", next::closedByServer);
        }
        return order;
    }

    private static boolean heardAfter(TonePhone att, TonePhone p, long after) {
        return att.firstHeardAfter(p.hz, after) != 0;
    }

    /**
     * When the node first logged {@code what}, in ms of the day from its console line's time stamp
     * (the nodes share this host's clock); 0 when it did not.
     */
    private static long logTime(NodeProcess n, String what) {
        Matcher m = Pattern.compile("(?m)^(?:\\d{4}-\\d{2}-\\d{2}[ T])?(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) .*" + Pattern.quote(what)).matcher(n.log());
        return m.find() ? java.time.LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000 : 0;
    }
}
