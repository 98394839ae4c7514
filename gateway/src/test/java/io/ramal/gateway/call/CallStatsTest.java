package io.ramal.gateway.call;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call's own figures, what it adds to the listener's counters, and its end-of-call line. */
class CallStatsTest {

    @Test
    void replacedBuffersKeepTheirUnderrunsAndOverflowsInTheCallsTotals() {
        CallStats s = new CallStats();
        s.received(320);
        s.received(320);
        s.sent(320, 0);
        s.droppedOut();
        PlayoutBuffer first = PlayoutBuffer.of(AudioFormat.SLIN_8K, 2, 1, 0);
        byte[] frame = new byte[320];
        for (int i = 0; i < 3; i++) {
            first.write(frame, 0, frame.length); // one overflow
        }
        s.retire(first, first.queuedFrames()); // two queued frames lost with it
        PlayoutBuffer now = PlayoutBuffer.of(AudioFormat.SLIN_8K, 2, 1, 0);
        now.read(new byte[320], 0); // one underrun
        CallCounters c = new CallCounters();
        s.addTo(c, now);
        assertEquals(2, c.framesIn.sum());
        assertEquals(640, c.bytesIn.sum());
        assertEquals(1, c.framesOut.sum());
        assertEquals(320, c.bytesOut.sum());
        assertEquals(1, c.droppedOut.sum());
        assertEquals(first.overflows() + 2, c.overflows.sum());
        assertEquals(first.underruns() + now.underruns(), c.underruns.sum());
        assertEquals(2, s.framesIn());
        assertEquals(1, s.framesOut());
    }

    @Test
    void framesThatLeaveMoreThan25msAfterTheOneBeforeAreLate() {
        CallStats s = new CallStats();
        long t = 0;
        for (long gap : new long[] {0, 20, 20, 25, 26, 0, 14, 20}) {
            t += gap * 1_000_000L;
            s.sent(320, t); // a 26 ms gap, then a frame owed sent at once
        }
        try (LogCapture log = LogCapture.info("ramal.calls")) {
            s.logEnded("call=c ramal=9000", "echo", new InetSocketAddress("127.0.0.1", 5000), 1,
                    PlayoutBuffer.of(AudioFormat.SLIN_8K, 10, 2, 0), EndReason.REMOTE_HANGUP, "");
            assertTrue(log.messages().get(0).contains("send-gap-max-ms=26 late-sends=1 "), log.messages().toString());
        }
    }

    @Test
    void theEndOfCallLineKeepsItsFormat() {
        CallStats s = new CallStats();
        s.received(320);
        s.sent(320, 0);
        s.sent(320, 60_000_000L); // a frame 60 ms after the one before: late
        PlayoutBuffer b = PlayoutBuffer.of(AudioFormat.SLIN_8K, 10, 2, 0);
        try (LogCapture log = LogCapture.info("ramal.calls")) {
            s.logEnded("call=c ramal=9000", "echo", new InetSocketAddress("127.0.0.1", 5000), 1234, b,
                    EndReason.TRANSFERRED, "why");
            assertEquals(List.of("call ended call=c ramal=9000 mode=echo remote=/127.0.0.1:5000 duration-ms=1234 "
                    + "frames-in=1 frames-out=2 underruns=0 overflows=0 dropped-out=0 send-gap-max-ms=60 late-sends=1 "
                    + "reason=transferred "
                    + "detail=\"why\""), log.messages());
        }
    }
}
