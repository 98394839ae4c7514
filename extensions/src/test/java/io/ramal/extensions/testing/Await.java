package io.ramal.extensions.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** The one deadline helper of these tests: poll a condition rather than sleep a guess. */
public final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** {@link #until(Duration, String, BooleanSupplier)} with 5 s. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(Duration.ofSeconds(5), what, condition);
    }
}
