package io.ramal.bench.jmh;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The playout buffer as the echo line uses it on every tick: one 320-byte frame written, one
 * read, with the live buffer's settings (10 frames, start at 2, latency limit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PlayoutBufferBench {

    private PlayoutBuffer buffer;
    private final byte[] frame = new byte[AudioFormat.SLIN_8K.frameBytes()];
    private final byte[] dst = new byte[AudioFormat.SLIN_8K.frameBytes()];

    @Setup
    public void setUp() {
        buffer = PlayoutBuffer.of(AudioFormat.SLIN_8K, 10, 2, 3);
        buffer.limitLatency(4, 25, 0);
        buffer.write(frame, 0, frame.length); // one queued ahead, as at steady state
        buffer.write(frame, 0, frame.length);
    }

    @Benchmark
    public int writeThenRead() {
        buffer.write(frame, 0, frame.length);
        return buffer.read(dst, 0);
    }
}
