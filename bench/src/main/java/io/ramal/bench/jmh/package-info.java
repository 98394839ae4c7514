/**
 * JMH micro-benchmarks of the per-frame hot code: the AudioSocket codec, G.711, the resampler
 * and the playout buffer. Run them from the executable jar, which carries JMH's generated
 * {@code META-INF/BenchmarkList}:
 *
 * <pre>
 * java -cp bench/target/ramal.jar org.openjdk.jmh.Main -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc 'io.ramal.bench.jmh'
 * </pre>
 *
 * {@code -prof gc} reports {@code gc.alloc.rate.norm}: bytes allocated per operation, which for
 * the steady-state path should be zero.
 */
package io.ramal.bench.jmh;
