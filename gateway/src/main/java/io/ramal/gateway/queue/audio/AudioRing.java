package io.ramal.gateway.queue.audio;

import io.netty.buffer.ByteBuf;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-producer, single-consumer byte ring carrying one side's audio to the other side of
 * a {@link Bridge}: the producer is the sending call's event loop ({@code onAudio}), the
 * consumer the receiving call's event loop, which drains it once per tick ({@code onTick}) into
 * its own playout buffer. The two calls usually live on different event loops and a playout
 * buffer is confined to its own.
 *
 * <p>Why a ring and not {@code partner.eventLoop().execute(copy)}: that costs a task object and
 * a retained copy per 20 ms frame per direction, and a wake-up of the other loop per frame;
 * the ring is allocated once per conversation and the steady state allocates nothing, takes no
 * lock, and the receiver picks the audio up on the tick it needs it. Its positions are two
 * {@link AtomicLong}s written with release semantics ({@code lazySet}) and read with acquire
 * ({@code get}); each is written by one side only.
 *
 * <p>A chunk that does not fit whole is dropped and counted: the reader stopped reading (its
 * call is ending), and latency must stay bounded anyway (the receiver's playout buffer is
 * sized for live talkers).
 */
public final class AudioRing {

    private final byte[] ring;
    private final int mask;
    /** Next byte to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next byte to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    /** Sample rate of the producer's audio; written before {@link #tail} is published. */
    private volatile int sampleRate = 8000;
    /** Chunks dropped because the ring was full; producer-owned, read for logs (stale is fine). */
    private volatile long dropped;

    /** A ring of at least {@code minBytes} (rounded up to a power of two). */
    public AudioRing(int minBytes) {
        if (minBytes < 2 || minBytes > (1 << 24)) {
            throw new IllegalArgumentException("ring of " + minBytes + " bytes, allowed 2..16777216");
        }
        int size = Integer.highestOneBit(minBytes - 1) << 1;
        this.ring = new byte[size];
        this.mask = size - 1;
    }

    /**
     * Producer: appends the readable bytes of {@code audio} (not consumed, not released).
     *
     * @return false when it did not fit and was dropped
     */
    public boolean offer(ByteBuf audio, int rate) {
        int len = audio.readableBytes();
        long t = tail.get();
        if (len > ring.length - (int) (t - head.get())) {
            dropped++;
            return false;
        }
        if (sampleRate != rate) {
            sampleRate = rate;
        }
        int at = (int) (t & mask);
        int first = Math.min(len, ring.length - at);
        int idx = audio.readerIndex();
        audio.getBytes(idx, ring, at, first);
        if (first < len) {
            audio.getBytes(idx + first, ring, 0, len - first);
        }
        tail.lazySet(t + len);
        return true;
    }

    /** Producer: as {@link #offer(ByteBuf, int)}, from an array. */
    public boolean offer(byte[] audio, int off, int len, int rate) {
        long t = tail.get();
        if (len > ring.length - (int) (t - head.get())) {
            dropped++;
            return false;
        }
        if (sampleRate != rate) {
            sampleRate = rate;
        }
        int at = (int) (t & mask);
        int first = Math.min(len, ring.length - at);
        System.arraycopy(audio, off, ring, at, first);
        if (first < len) {
            System.arraycopy(audio, off + first, ring, 0, len - first);
        }
        tail.lazySet(t + len);
        return true;
    }

    /**
     * Consumer: moves up to {@code max} queued bytes (an even number) into {@code dst}.
     *
     * @return bytes moved
     */
    public int poll(byte[] dst, int off, int max) {
        long h = head.get();
        int n = (int) Math.min(max & ~1, tail.get() - h);
        if (n <= 0) {
            return 0;
        }
        int at = (int) (h & mask);
        int first = Math.min(n, ring.length - at);
        System.arraycopy(ring, at, dst, off, first);
        if (first < n) {
            System.arraycopy(ring, 0, dst, off + first, n - first);
        }
        head.lazySet(h + n);
        return n;
    }

    /** Consumer: drops everything queued. */
    public void skipAll() {
        head.lazySet(tail.get());
    }

    /** Bytes queued now. */
    public int available() {
        return (int) (tail.get() - head.get());
    }

    /** The producer's sample rate (as of the last offer). */
    public int sampleRate() {
        return sampleRate;
    }

    /** Chunks dropped so far because the ring was full. */
    public long dropped() {
        return dropped;
    }

    /** Capacity in bytes. */
    public int capacity() {
        return ring.length;
    }
}
