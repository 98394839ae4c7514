package io.ramal.gateway.records;

import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticPoolTest {

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void threadsAreTheBacklogOverJobsPerWorkerWithinTheBounds() {
        ElasticPool p = new ElasticPool("t", new ElasticPool.Budget(20), 1, 10, 50, HOUR, HOUR, () -> 0, () -> false);
        assertEquals(1, p.wanted(0));
        assertEquals(1, p.wanted(50));
        assertEquals(2, p.wanted(51));
        assertEquals(7, p.wanted(322));
        assertEquals(10, p.wanted(100_000));
    }

    @Test
    void scalesUpAtOnceWhenNudgedThenDownWhenIdleEachDecisionOnOneLine() {
        AtomicLong backlog = new AtomicLong();
        try (LogCapture log = LogCapture.info("ramal.records")) {
            ElasticPool p = new ElasticPool("call-records", new ElasticPool.Budget(20), 1, 10, 50,
                    TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(5), backlog::get, () -> false);
            p.start();
            try {
                Await.until(Duration.ofSeconds(5), "first thread", () -> p.threads() == 1);
                backlog.set(322);
                p.nudge(322);
                Await.until(Duration.ofSeconds(5), "scaled up to 7", () -> p.threads() == 7);
                // The new threads count before the decision's line is written: wait for the line too.
                Await.until(Duration.ofSeconds(5), () -> "the scale-up line in " + log.messages(),
                        () -> log.has("pool=call-records scale up backlog=322 threads 1->7"));
                backlog.set(0);
                Await.until(Duration.ofSeconds(5), "surplus threads ended", () -> p.threads() == 1);
                Await.until(Duration.ofSeconds(5), () -> "the scale-down line in " + log.messages(),
                        () -> log.has("pool=call-records scale down backlog=0 threads 7->1 ending-when-idle=6"));
                Await.until(Duration.ofSeconds(5), "a steady decision", () -> log.has("pool=call-records steady"));
                // Steady after the scale-up and again after the scale-down, but never twice in a row.
                List<String> lines = log.messages();
                for (int i = 1; i < lines.size(); i++) {
                    assertFalse(lines.get(i - 1).contains(" steady ") && lines.get(i).contains(" steady "),
                            "a steady pool says so once: " + lines);
                }
            } finally {
                p.close();
            }
        }
    }

    @Test
    void theTotalBudgetCapsTwoPools() {
        ElasticPool.Budget budget = new ElasticPool.Budget(3);
        try (LogCapture log = LogCapture.info("ramal.records")) {
            ElasticPool a = new ElasticPool("a", budget, 1, 10, 50, HOUR, TimeUnit.MILLISECONDS.toNanos(5), () -> 500,
                    () -> false);
            ElasticPool b = new ElasticPool("b", budget, 1, 10, 50, HOUR, TimeUnit.MILLISECONDS.toNanos(5), () -> 500,
                    () -> false);
            try {
                a.evaluate();
                b.evaluate();
                assertEquals(3, a.threads() + b.threads());
                assertTrue(log.has("pool=a scale up backlog=500 threads 0->3 capped-by=max-threads-total"),
                        log.messages().toString());
                assertTrue(log.has("pool=b steady backlog=500 threads=0 wanted=10 capped-by=max-threads-total"),
                        log.messages().toString());
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
