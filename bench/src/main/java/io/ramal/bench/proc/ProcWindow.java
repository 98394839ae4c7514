package io.ramal.bench.proc;

/**
 * A process's cost over a measured window: CPU from the difference of two {@link ProcSample}s,
 * memory from the second.
 *
 * @param pid              the process
 * @param foundBy          how the process was found: {@code --gateway-pid}, {@code ss port N}, {@code self}
 * @param seconds          the window
 * @param cpuPercentOfCore user + system time over the window, as % of one core
 * @param userPercent      of which user
 * @param sysPercent       of which system
 * @param cpuMsPerCallSecond CPU milliseconds per second of one call (null when no calls)
 * @param rssMiB           resident memory at the window's end
 * @param peakRssMiB       the process's peak resident memory (VmHWM)
 * @param threads          threads at the window's end
 */
public record ProcWindow(long pid, String foundBy, double seconds, double cpuPercentOfCore, double userPercent,
                         double sysPercent, Double cpuMsPerCallSecond, double rssMiB, double peakRssMiB, int threads) {

    /** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every mainstream kernel build. */
    public static final int CLOCK_TICKS_PER_SECOND = 100;

    /** The window between {@code a} and {@code b}, over {@code calls} concurrent calls. */
    public static ProcWindow between(ProcSample a, ProcSample b, String foundBy, int calls) {
        double seconds = (b.atNanos() - a.atNanos()) / 1e9;
        double userMs = (b.userTicks() - a.userTicks()) * 1000.0 / CLOCK_TICKS_PER_SECOND;
        double sysMs = (b.sysTicks() - a.sysTicks()) * 1000.0 / CLOCK_TICKS_PER_SECOND;
        double cpuMs = userMs + sysMs;
        double pct = seconds > 0 ? cpuMs / (seconds * 10.0) : 0;
        Double perCall = calls > 0 && seconds > 0 ? round(cpuMs / (calls * seconds), 4) : null;
        return new ProcWindow(b.pid(), foundBy, round(seconds, 2), round(pct, 1),
                round(seconds > 0 ? userMs / (seconds * 10.0) : 0, 1), round(seconds > 0 ? sysMs / (seconds * 10.0) : 0, 1),
                perCall, round(b.rssKiB() / 1024.0, 1), round(b.hwmKiB() / 1024.0, 1), b.threads());
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
