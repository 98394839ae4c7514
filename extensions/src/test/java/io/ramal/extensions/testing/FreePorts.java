package io.ramal.extensions.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place tests pick a port to bind later: below Linux's ephemeral range (32768-60999 by
 * default), so that no client socket, of a load test or of the test itself, can take it between
 * the pick and the bind. A port from {@code new ServerSocket(0)} is ephemeral and the kernel may
 * hand it to the next outgoing connection at once (seen in CI: a bench line failed to bind its
 * port with "Address already in use"). Each JVM starts at a random port of the range and walks on,
 * so concurrent test JVMs rarely meet, and a port is given only if it could be bound just now.
 */
public final class FreePorts {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_767;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(HIGH - LOW + 1));

    private FreePorts() {
    }

    /** A port of 127.0.0.1 that nothing listened on a moment ago and no client socket can take. */
    public static int next() {
        for (int tries = 0; tries <= HIGH - LOW; tries++) {
            int port = LOW + Math.floorMod(NEXT.getAndIncrement(), HIGH - LOW + 1);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: the next one
            }
        }
        throw new IllegalStateException("no free port of 127.0.0.1 between " + LOW + " and " + HIGH);
    }
}
