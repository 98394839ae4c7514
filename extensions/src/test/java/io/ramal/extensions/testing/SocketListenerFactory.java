package io.ramal.extensions.testing;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Listener;
import io.ramal.extensions.ListenerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ListenerFactory} on real sockets without Netty, for the manager's tests: each
 * listener accepts on a thread, echoes every byte on a thread per connection, and counts a
 * connection as a call until its peer closes.
 */
public final class SocketListenerFactory implements ListenerFactory {

    /** Listeners ever bound. */
    public final Set<SocketListener> bound = ConcurrentHashMap.newKeySet();

    @Override
    public CompletableFuture<Listener> bind(Extension e) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(e.bind(), e.port()), 50);
            SocketListener l = new SocketListener(e, s);
            bound.add(l);
            return CompletableFuture.completedFuture(l);
        } catch (IOException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** One listening socket and its echo connections. */
    public static final class SocketListener implements Listener {
        private volatile Extension extension;
        private final ServerSocket server;
        private final Set<Socket> calls = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<Void> drained = new CompletableFuture<>();
        private volatile boolean draining;

        SocketListener(Extension e, ServerSocket server) {
            this.extension = e;
            this.server = server;
            Thread t = new Thread(this::accept, "test-accept-" + e.ramal());
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    calls.add(s);
                    Thread t = new Thread(() -> echo(s), "test-echo");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void echo(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                byte[] b = new byte[1024];
                int n;
                while ((n = in.read(b)) > 0) {
                    out.write(b, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // peer gone
            } finally {
                calls.remove(s);
                if (draining && calls.isEmpty()) {
                    drained.complete(null);
                }
            }
        }

        @Override
        public Extension extension() {
            return extension;
        }

        @Override
        public void update(Extension e) {
            extension = e;
        }

        @Override
        public CompletableFuture<Void> stopAccepting() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> drain(Duration timeout) {
            draining = true;
            stopAccepting();
            if (calls.isEmpty()) {
                drained.complete(null);
            }
            return drained;
        }

        @Override
        public int activeCalls() {
            return calls.size();
        }

        public boolean isAccepting() {
            return !server.isClosed();
        }
    }
}
