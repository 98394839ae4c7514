package io.ramal.bench.baseline;

import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread-per-connection AudioSocket echo server with blocking sockets. One acceptor thread;
 * each accepted connection gets its own thread, which reads the id frame, then loops: sleep until
 * the next 20 ms deadline, take in whatever bytes have arrived ({@link InputStream#available()},
 * so the blocking socket never blocks the pace), queue whole audio frames, and write exactly one
 * frame back: the oldest queued once two are queued (the gateway's start threshold), else
 * silence. Deadlines are absolute; a thread more than two ticks late skips ahead.
 *
 * <p>A connection ends when the peer closes (a write fails, or a read returns end of stream),
 * sends a hangup frame, or sends nothing for the idle timeout.
 */
public final class BaselineEchoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineEchoServer.class);

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int START_FRAMES = 2;
    private static final int CAPACITY_FRAMES = 10;
    private static final int MAX_FRAME = 7680;
    private static final int STACK_BYTES = 256 * 1024;

    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closed;

    /** Binds {@code address} (backlog 1024) and starts accepting. */
    public BaselineEchoServer(InetSocketAddress address) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 1024);
        acceptor = new Thread(this::accept, "baseline-accept");
        acceptor.start();
        LOG.info("baseline echo listening address={}", server.getLocalSocketAddress());
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections being served now. */
    public int active() {
        return active.get();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                long n = accepted.incrementAndGet();
                Thread t = new Thread(null, () -> serve(s), "baseline-call-" + n, STACK_BYTES);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        active.incrementAndGet();
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5_000);
            new Connection(s.getInputStream(), s.getOutputStream()).run();
        } catch (EOFException | SocketException e) {
            LOG.debug("connection ended: {}", e.toString());
        } catch (IOException e) {
            LOG.debug("connection failed: {}", e.toString());
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection's loop, on its own thread. */
    static final class Connection {

        private final InputStream in;
        private final OutputStream out;
        private final byte[] inbuf = new byte[64 * 1024];
        private int inLen;
        private final byte[][] queue = new byte[CAPACITY_FRAMES][AudioSocketHeader.BYTES + MAX_FRAME];
        private final int[] queueLen = new int[CAPACITY_FRAMES];
        private int head;
        private int count;
        private boolean playing;
        private AudioSocketKind lastKind = AudioSocketKind.AUDIO_8K;
        private int lastLength = 320;
        private final byte[] silence = new byte[AudioSocketHeader.BYTES + MAX_FRAME];
        private boolean hangup;

        Connection(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void run() throws IOException {
            readId();
            long deadline = System.nanoTime() + TICK_NANOS;
            long lastInput = System.nanoTime();
            while (!hangup) {
                long wait;
                while ((wait = deadline - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int got = drainInput();
                long now = System.nanoTime();
                if (got < 0) {
                    return; // end of stream
                }
                if (got > 0) {
                    lastInput = now;
                } else if (now - lastInput > IDLE_NANOS) {
                    return;
                }
                writeOne();
                deadline += TICK_NANOS;
                if (now - deadline > 2 * TICK_NANOS) {
                    deadline = now + TICK_NANOS; // far behind: skip ahead rather than burst
                }
            }
        }

        private void readId() throws IOException {
            byte[] h = new byte[AudioSocketHeader.BYTES];
            readFully(h, h.length);
            int length = AudioSocketHeader.length(h, 0);
            if (AudioSocketKind.find(AudioSocketHeader.kindByte(h, 0)) != AudioSocketKind.ID || length != 16) {
                throw new IOException("first frame is not an id frame");
            }
            readFully(new byte[16], 16);
        }

        private void readFully(byte[] b, int n) throws IOException {
            int off = 0;
            while (off < n) {
                int r = in.read(b, off, n - off);
                if (r < 0) {
                    throw new EOFException();
                }
                off += r;
            }
        }

        /** Reads what has arrived without blocking; -1 at end of stream. */
        private int drainInput() throws IOException {
            int total = 0;
            int avail;
            while ((avail = in.available()) > 0) {
                int r = in.read(inbuf, inLen, Math.min(avail, inbuf.length - inLen));
                if (r < 0) {
                    return -1;
                }
                inLen += r;
                total += r;
                parse();
            }
            return total;
        }

        private void parse() throws IOException {
            int pos = 0;
            int hb = AudioSocketHeader.BYTES;
            while (inLen - pos >= hb) {
                AudioSocketKind kind = AudioSocketKind.find(AudioSocketHeader.kindByte(inbuf, pos));
                int length = AudioSocketHeader.length(inbuf, pos);
                if (length > MAX_FRAME) {
                    throw new IOException("frame of " + length + " bytes");
                }
                if (inLen - pos < hb + length) {
                    break;
                }
                if (kind == AudioSocketKind.HANGUP) {
                    hangup = true;
                } else if (kind != null && kind.isAudio() && length > 0) {
                    enqueue(pos, hb + length);
                    lastKind = kind;
                    lastLength = length;
                }
                pos += hb + length;
            }
            System.arraycopy(inbuf, pos, inbuf, 0, inLen - pos);
            inLen -= pos;
        }

        private void enqueue(int pos, int n) {
            if (count == CAPACITY_FRAMES) {
                head = (head + 1) % CAPACITY_FRAMES; // full: drop the oldest, as a live buffer does
                count--;
            }
            int slot = (head + count) % CAPACITY_FRAMES;
            System.arraycopy(inbuf, pos, queue[slot], 0, n);
            queueLen[slot] = n;
            count++;
        }

        private void writeOne() throws IOException {
            if (!playing && count >= START_FRAMES) {
                playing = true;
            }
            if (playing && count > 0) {
                out.write(queue[head], 0, queueLen[head]);
                head = (head + 1) % CAPACITY_FRAMES;
                count--;
            } else {
                playing = false;
                AudioSocketHeader.write(silence, 0, lastKind, lastLength);
                out.write(silence, 0, AudioSocketHeader.BYTES + lastLength);
            }
            out.flush();
        }
    }
}
