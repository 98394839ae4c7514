package io.ramal.bench.jmh;

import io.ramal.audio.Resampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** The resampler on one 20 ms frame, for the conversions the AI bridge does. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResamplerBench {

    @Param({"8000-16000", "16000-8000", "8000-24000", "24000-8000"})
    public String conversion;

    private Resampler resampler;
    private byte[] in;
    private byte[] out;

    @Setup
    public void setUp() {
        String[] r = conversion.split("-");
        int from = Integer.parseInt(r[0]);
        int to = Integer.parseInt(r[1]);
        resampler = new Resampler(from, to);
        int samples = from / 50;
        in = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short s = (short) (Math.sin(i * 2 * Math.PI * 440 / from) * 12000);
            in[2 * i] = (byte) s;
            in[2 * i + 1] = (byte) (s >> 8);
        }
        out = new byte[resampler.maxOutputBytes(in.length)];
    }

    @Benchmark
    public int frame() {
        return resampler.process(in, 0, in.length, out, 0);
    }
}
