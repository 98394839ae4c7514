package io.ramal.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code target/ramal.jar} run as users run it: a child JVM with {@code RAMAL_HOME} at the test's
 * folder, so it reads that folder's {@code config/} and logs through the jar's own
 * {@code logback.xml}, the configuration that ships.
 */
final class RamalJar {

    static final Path JAR = Path.of("target", "ramal.jar");

    /** What a finished command wrote, each stream apart, and its exit code. */
    record Run(int exit, String stdout, String stderr) {

        @Override
        public String toString() {
            return "exit=" + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path home;
    private final Map<String, String> env;

    /** @param env environment variables added to the inherited ones ({@code RAMAL_DB_URL}...) */
    RamalJar(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** An empty home for a test under {@code target/it-homes/}, whose logs outlive the test. */
    static Path homeUnderTarget(String name) throws IOException {
        Path home = Path.of("target", "it-homes", name).toAbsolutePath();
        if (Files.exists(home)) {
            try (Stream<Path> old = Files.walk(home)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(home);
    }

    /** Starts {@code ramal args...} with standard output and error together in {@code log}. */
    Process start(Path log, String... args) throws IOException {
        return builder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs {@code ramal args...} to its end (30 s at most), standard output and error kept apart. */
    Run run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ramal " + String.join(" ", args) + " finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private ProcessBuilder builder(String... args) {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar exists after package: " + JAR.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().put("RAMAL_HOME", home.toString());
        pb.environment().putAll(env);
        return pb;
    }
}
