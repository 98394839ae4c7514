package io.ramal.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the process listening on a TCP port by asking {@code ss -ltnpH}, which shows the owner
 * of sockets the current user may see (the user's own processes, without root).
 */
public final class PortOwner {

    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private PortOwner() {
    }

    /** The pid listening on {@code port}, if {@code ss} can tell. */
    public static OptionalLong find(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return OptionalLong.empty();
            }
            return parse(out, port);
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The pid in the first line of {@code ss} output whose local address ends in {@code :port}. */
    public static OptionalLong parse(String ssOutput, int port) {
        for (String line : ssOutput.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length < 5 || !cols[3].endsWith(":" + port)) {
                continue;
            }
            Matcher m = PID.matcher(line);
            if (m.find()) {
                return OptionalLong.of(Long.parseLong(m.group(1)));
            }
        }
        return OptionalLong.empty();
    }
}
