package io.ramal.bench.jmh;

import io.ramal.audio.G711;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** G.711 mu-law and A-law of one 20 ms frame at 8 kHz (160 samples), into reused arrays. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class G711Bench {

    private static final int SAMPLES = 160;

    private final byte[] slin = new byte[SAMPLES * 2];
    private final byte[] coded = new byte[SAMPLES];
    private final byte[] decoded = new byte[SAMPLES * 2];

    @Setup
    public void setUp() {
        for (int i = 0; i < SAMPLES; i++) {
            short s = (short) (Math.sin(i * 2 * Math.PI * 440 / 8000) * 12000);
            slin[2 * i] = (byte) s;
            slin[2 * i + 1] = (byte) (s >> 8);
        }
        G711.muLawEncode(slin, 0, coded, 0, SAMPLES);
    }

    @Benchmark
    public byte[] muLawEncode() {
        G711.muLawEncode(slin, 0, coded, 0, SAMPLES);
        return coded;
    }

    @Benchmark
    public byte[] muLawDecode() {
        G711.muLawDecode(coded, 0, decoded, 0, SAMPLES);
        return decoded;
    }

    @Benchmark
    public byte[] aLawEncode() {
        G711.aLawEncode(slin, 0, coded, 0, SAMPLES);
        return coded;
    }

    @Benchmark
    public byte[] aLawDecode() {
        G711.aLawDecode(coded, 0, decoded, 0, SAMPLES);
        return decoded;
    }
}
