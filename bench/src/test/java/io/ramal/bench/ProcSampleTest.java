package io.ramal.bench;

import io.ramal.bench.proc.PortOwner;
import io.ramal.bench.proc.ProcSample;
import io.ramal.bench.proc.ProcWindow;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcSampleTest {

    /** A real /proc/PID/stat line, with a command name that has a space and a parenthesis. */
    private static final String STAT = "4242 (java (ramal) x) S 1 4242 4242 0 -1 4194560 81234 0 12 0 "
            + "1500 320 0 0 20 0 37 0 123456 4096000000 52000 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 "
            + "0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    private static final String STATUS = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 5000000 kB\n"
            + "VmHWM:\t  250000 kB\nVmRSS:\t  204800 kB\nThreads:\t37\n";

    @Test
    void cpuTicksAndMemoryAreReadAfterTheCommandName() {
        ProcSample s = ProcSample.parse(4242, 0, STAT, STATUS);
        assertEquals(1500, s.userTicks());
        assertEquals(320, s.sysTicks());
        assertEquals(37, s.threads());
        assertEquals(204800, s.rssKiB());
        assertEquals(250000, s.hwmKiB());
    }

    @Test
    void aWindowIsCpuTimeOverWallTime() {
        ProcSample a = new ProcSample(1, 0, 1000, 100, 1000, 1000, 10);
        ProcSample b = new ProcSample(1, 10_000_000_000L, 1600, 200, 204800, 300000, 12); // 10 s later, 7 s of CPU
        ProcWindow w = ProcWindow.between(a, b, "--gateway-pid", 1000);
        assertEquals(10.0, w.seconds());
        assertEquals(70.0, w.cpuPercentOfCore());
        assertEquals(60.0, w.userPercent());
        assertEquals(10.0, w.sysPercent());
        assertEquals(0.7, w.cpuMsPerCallSecond(), 1e-9, "7000 ms over 1000 calls x 10 s");
        assertEquals(200.0, w.rssMiB());
        assertEquals(12, w.threads());
        assertNull(ProcWindow.between(a, b, "self", 0).cpuMsPerCallSecond());
    }

    @Test
    void thisProcessCanBeRead() throws Exception {
        ProcSample s = ProcSample.read(ProcessHandle.current().pid());
        assertTrue(s.rssKiB() > 0);
        assertTrue(s.threads() > 0);
    }

    @Test
    void theListenerIsFoundInSsOutput() {
        String ss = "LISTEN 0      100        127.0.0.1:40000      0.0.0.0:*    users:((\"java\",pid=31337,fd=87))\n"
                + "LISTEN 0      4096       127.0.0.1:8090       0.0.0.0:*    users:((\"java\",pid=31337,fd=90))\n";
        assertEquals(OptionalLong.of(31337), PortOwner.parse(ss, 40000));
        assertEquals(OptionalLong.empty(), PortOwner.parse(ss, 4000), "a port that only prefixes another is not it");
        assertEquals(OptionalLong.empty(), PortOwner.parse("LISTEN 0 100 127.0.0.1:40000 0.0.0.0:*\n", 40000),
                "another user's socket shows no pid");
        assertEquals(OptionalLong.empty(), PortOwner.parse("", 40000));
    }
}
