package io.ramal.gateway.cluster;

import io.ramal.extensions.DbConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One gateway node of a cluster test, in a process of its own as in production: its own home
 * (logs, spool, cache; the checkout's prompts), {@code node.bind} on its own loopback address,
 * the cluster secret, and the shared test database (through a proxy of its own when the test
 * cuts that node off). Stopped with SIGTERM, or killed with SIGKILL to play a crashed box.
 */
final class NodeProcess implements AutoCloseable {

    static final String SECRET = "cluster-test-secret-0123456789";

    final String name;
    final String host;
    final int httpPort;
    final Path home;
    private final Process process;

    private NodeProcess(String name, String host, int httpPort, Path home, Process process) {
        this.name = name;
        this.host = host;
        this.httpPort = httpPort;
        this.home = home;
        this.process = process;
    }

    /**
     * Starts node {@code name} on {@code host} with its relay on {@code relayPort}.
     *
     * @param dbUrl the JDBC URL this node uses (the test database's, or a proxy's in front of it)
     * @param extra more {@code key=value} settings
     */
    static NodeProcess start(String name, String host, int relayPort, int httpPort, DbConfig db, String dbUrl,
                             Path dir, String... extra) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(home.resolve("config"));
        Path prompts = home.resolve("config/prompts");
        if (!Files.exists(prompts)) {
            Files.createSymbolicLink(prompts, checkout().resolve("config/prompts"));
        }
        List<String> flags = new ArrayList<>(List.of("node.name=" + name, "node.bind=" + host,
                "node.relay-port=" + relayPort, "node.lease=3s",
                "db.url=" + dbUrl, "db.user=" + db.user(), "db.schema=" + db.schema(),
                "db.connect-timeout=1s", "http.port=" + httpPort, "extensions.sweep-interval=1s"));
        flags.addAll(List.of(extra));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                // The shipped logging, as in production (the test classpath's would hide the call lines).
                "-Dlogback.configurationFile=" + checkout().resolve("config/logback.xml"),
                "-cp", System.getProperty("java.class.path"),
                "io.ramal.gateway.cli.Main"));
        for (String f : flags) {
            cmd.add("-D");
            cmd.add(f);
        }
        cmd.add("serve");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("RAMAL_HOME", home.toString());
        // Secrets through the environment, as the deploy files pass them: never on a command line.
        pb.environment().put("RAMAL_NODE_SECRET", SECRET);
        pb.environment().put("RAMAL_DB_PASSWORD", db.password());
        return new NodeProcess(name, host, httpPort, home, pb.start());
    }

    /** The checkout: the first folder up from here that holds {@code config/prompts}. */
    static Path checkout() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("config/prompts"))) {
                return p;
            }
        }
        throw new IllegalStateException("no config/prompts above " + Path.of("").toAbsolutePath());
    }

    /** True when something accepts on {@code host:port}. */
    boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code GET /cluster} on this node's admin server, or an empty string when it does not answer. */
    String cluster() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/cluster")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Everything the node logged so far (its console). */
    String log() {
        try {
            return Files.readString(home.resolve("console.log"));
        } catch (IOException e) {
            return "";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no lease released, sockets reset by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + "@" + host;
    }
}
