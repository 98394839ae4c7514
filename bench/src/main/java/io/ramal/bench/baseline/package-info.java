/**
 * The comparison point: an echo server built the old way, a thread per connection with blocking
 * sockets, each thread pacing its call by sleeping until its next 20 ms deadline. It exists only
 * so that the benchmarks can show what the gateway's event-driven design (a few event loops and
 * one ticker per loop) buys; it is not part of the gateway.
 */
package io.ramal.bench.baseline;
