package io.ramal.gateway.client;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line {@code ramal call} prints: each way, audio and silence add up to the frames counted. */
class CallRunnerResultTest {

    private static final UUID ID = UUID.fromString("1c526962-db1b-4176-9223-aa4b7235b7ea");

    @Test
    void aThreeSecondEchoCallReadsAsTheReadmeShowsIt() {
        CallRunner.Result r = new CallRunner.Result(ID, 150, 150, 175, 150, 150, 25.7, 20.0, 34.9, 41.4, false,
                false, new byte[0]);
        assertEquals("call 1c526962-db1b-4176-9223-aa4b7235b7ea: sent 150 frames (150 audio, 0 silence),"
                + " received 175 frames (150 audio, 25 silence), echoed 150/150, first audio 25.7 ms,"
                + " arrival gap p50 20.0 ms p99 34.9 ms max 41.4 ms", r.summary());
        assertTrue(r.allEchoed());
    }

    @Test
    void aWavShorterThanTheCallSendsSilenceAfterItAndALineThatHangsUpSaysSo() {
        CallRunner.Result r = new CallRunner.Result(ID, 100, 60, 40, 0, 0, -1, 20.0, 21.0, 22.0, true, true,
                new byte[0]);
        assertEquals("call 1c526962-db1b-4176-9223-aa4b7235b7ea: sent 100 frames (60 audio, 40 silence),"
                + " received 40 frames (0 audio, 40 silence), echoed 0/60, first audio none,"
                + " arrival gap p50 20.0 ms p99 21.0 ms max 22.0 ms, hangup received, closed by server", r.summary());
        assertFalse(r.allEchoed());
    }
}
