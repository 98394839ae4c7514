/**
 * The load generator that plays Asterisk at scale ({@link io.ramal.bench.LoadGenerator}, run as
 * {@code ramal loadtest}), with its plan, per-call bookkeeping and results at this root; below
 * it the thread-per-connection baseline echo server ({@code baseline}), the readers of a
 * process's CPU and memory ({@code proc}), tables and the heavy plot ({@code report}), the
 * {@code ramal} subcommands ({@code cli}), which the product jar built by {@code dist/} carries. The
 * JMH micro-benchmarks are a module of their own, {@code bench/jmh}. Speed is measured here, never
 * asserted by tests; BENCHMARKS.md at the root holds the figures and the commands that produced them.
 */
package io.ramal.bench;
