/**
 * JMH micro-benchmarks of the per-frame hot code: the AudioSocket codec, G.711, the resampler
 * and the playout buffer. They build into a jar of their own, apart from the product's
 * {@code ramal.jar}: {@code bench/jmh/target/benchmarks.jar}, which carries JMH's generated
 * {@code META-INF/BenchmarkList} and runs JMH's main:
 *
 * <pre>
 * mvn -q -B -DskipTests -pl bench/jmh -am package
 * java -jar bench/jmh/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc 'io.ramal.bench.jmh'
 * </pre>
 *
 * {@code -prof gc} reports {@code gc.alloc.rate.norm}: bytes allocated per operation, which for
 * the steady-state path should be zero.
 */
package io.ramal.bench.jmh;
