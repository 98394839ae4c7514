package io.ramal.gateway.client;

import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An AudioSocket client that behaves like Asterisk: connects with TCP_NODELAY and a 2 s
 * connect timeout, sends the id frame and then frames, each header and payload in one write,
 * and reads what the server sends on a thread of its own, stamping each frame with its arrival
 * time. Used by {@code ramal call}, by the tests and as the model for the load generator.
 */
public final class AudioSocketClient implements AutoCloseable {

    /** One frame from the server, stamped with {@link System#nanoTime()} at arrival. */
    public record Frame(int kind, byte[] payload, long arrivalNanos) {

        /** True for a slin audio frame. */
        public boolean isAudio() {
            AudioSocketKind k = AudioSocketKind.find(kind);
            return k != null && k.isAudio();
        }

        /** True when every sample is zero. */
        public boolean isSilence() {
            for (byte b : payload) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread reader;
    /** The header of the frame being sent; guarded by this client's monitor, as {@link #out} is. */
    private final byte[] header = new byte[AudioSocketHeader.BYTES];
    private volatile boolean hangupReceived;
    private volatile IOException readError;

    private AudioSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 65_536);
        this.reader = new Thread(this::readLoop, "ramal-call-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Connects to {@code host:port} as Asterisk does. */
    public static AudioSocketClient connect(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), Duration.ofSeconds(2));
    }

    /** Connects to {@code address} within {@code timeout}. */
    public static AudioSocketClient connect(InetSocketAddress address, Duration timeout) throws IOException {
        return connect(address, null, timeout);
    }

    /** Connects to {@code address} from {@code local} (null: any), such as a second loopback address. */
    public static AudioSocketClient connect(InetSocketAddress address, java.net.InetAddress local, Duration timeout)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (local != null) {
                s.bind(new InetSocketAddress(local, 0));
            }
            s.connect(address, (int) timeout.toMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new AudioSocketClient(s);
    }

    /** Sends the id frame. */
    public void sendId(UUID id) throws IOException {
        byte[] p = new byte[16];
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            p[i] = (byte) (hi >>> (56 - 8 * i));
            p[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        send(AudioSocketKind.ID, p, 0, 16);
    }

    /** Sends an audio frame of {@code kind}. */
    public void sendAudio(AudioSocketKind kind, byte[] pcm, int off, int len) throws IOException {
        send(kind, pcm, off, len);
    }

    /** Sends a DTMF digit. */
    public void sendDtmf(char digit) throws IOException {
        send(AudioSocketKind.DTMF, new byte[] {(byte) digit}, 0, 1);
    }

    /**
     * Sends one frame of the kind whose wire byte is {@code kind}; bytes that are no kind are
     * refused with {@link io.ramal.gateway.codec.AudioSocketException}: send those with
     * {@link #sendRaw}.
     */
    public void send(byte kind, byte[] payload, int off, int len) throws IOException {
        send(AudioSocketKind.valueOf(kind), payload, off, len);
    }

    /** Sends one frame of {@code kind}, header and payload in one write. */
    public synchronized void send(AudioSocketKind kind, byte[] payload, int off, int len) throws IOException {
        AudioSocketHeader.write(header, 0, kind, len);
        out.write(header);
        out.write(payload, off, len);
        out.flush();
    }

    /** Sends raw bytes as they are: for tests of malformed input. */
    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame received, or null after {@code timeout}. */
    public Frame poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Frames received and not yet polled. */
    public BlockingQueue<Frame> received() {
        return received;
    }

    /** Waits for the server to close the connection. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True once the server has sent the hangup frame. */
    public boolean hangupReceived() {
        return hangupReceived;
    }

    /** True once the server closed the connection (or it broke). */
    public boolean isClosedByServer() {
        return closed.getCount() == 0;
    }

    /** Closes the connection: what Asterisk does when the caller hangs up. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Half-closes our side, then waits for the server to close its side. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    private void readLoop() {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65_536))) {
            byte[] h = new byte[AudioSocketHeader.BYTES];
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                h[0] = (byte) first;
                in.readFully(h, 1, AudioSocketHeader.BYTES - 1);
                int kind = AudioSocketHeader.kindByte(h, 0);
                byte[] payload = new byte[AudioSocketHeader.length(h, 0)];
                in.readFully(payload);
                long now = System.nanoTime();
                if (AudioSocketKind.find(kind) == AudioSocketKind.HANGUP) {
                    hangupReceived = true;
                }
                received.add(new Frame(kind, payload, now));
            }
        } catch (EOFException | SocketException e) {
            // closed by either side
        } catch (IOException e) {
            readError = e;
        } finally {
            closed.countDown();
        }
    }

    /** A read failure other than a close, or null. */
    public IOException readError() {
        return readError;
    }
}
