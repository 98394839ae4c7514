package io.ramal.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a Linux process from {@code /proc/PID/stat} and {@code /proc/PID/status}: CPU
 * time in clock ticks (user and system), resident memory and its peak, threads.
 *
 * @param pid        the process
 * @param atNanos    when it was read, {@link System#nanoTime()}
 * @param userTicks  utime, clock ticks
 * @param sysTicks   stime, clock ticks
 * @param rssKiB     VmRSS
 * @param hwmKiB     VmHWM, the peak resident set
 * @param threads    Threads
 */
public record ProcSample(long pid, long atNanos, long userTicks, long sysTicks, long rssKiB, long hwmKiB, int threads) {

    /** Reads the process now. */
    public static ProcSample read(long pid) throws IOException {
        long at = System.nanoTime();
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        return parse(pid, at, stat, status);
    }

    /** Parses the two files' text. */
    public static ProcSample parse(long pid, long at, String stat, String status) {
        // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("unexpected /proc/" + pid + "/stat: " + stat);
        }
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime 15, num_threads 20.
        long utime = Long.parseLong(f[14 - 3]);
        long stime = Long.parseLong(f[15 - 3]);
        int threads = Integer.parseInt(f[20 - 3]);
        return new ProcSample(pid, at, utime, stime, kib(status, "VmRSS:"), kib(status, "VmHWM:"), threads);
    }

    private static long kib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String v = line.substring(key.length()).trim();
                int sp = v.indexOf(' ');
                return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
            }
        }
        return -1;
    }
}
