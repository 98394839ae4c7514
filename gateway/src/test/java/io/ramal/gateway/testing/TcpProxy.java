package io.ramal.gateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a port of 127.0.0.1 to a real server (the test's PostgreSQL), which a test
 * can {@link #cut()} (every connection dropped, new ones refused: the database "goes away") and
 * {@link #restore()} (it "comes back"). Plain threads: test code only.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private final String host;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    /** Listens on {@code port} (0: any free one) and forwards to {@code host:targetPort}. */
    public TcpProxy(int port, String host, int targetPort) throws IOException {
        this.host = host;
        this.targetPort = targetPort;
        this.server = listen(port);
        this.port = server.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** Drops every connection and stops listening: clients see resets, then refusals. */
    public synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
        }
    }

    private ServerSocket listen(int p) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 50);
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket in = s.accept();
                    Socket out = new Socket(host, targetPort);
                    sockets.add(in);
                    sockets.add(out);
                    pipe(in, out);
                    pipe(out, in);
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-tcp-proxy");
        accept.setDaemon(true);
        accept.start();
        return s;
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "test-tcp-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
