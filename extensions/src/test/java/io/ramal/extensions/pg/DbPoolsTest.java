package io.ramal.extensions.pg;

import com.zaxxer.hikari.HikariDataSource;
import io.ramal.extensions.DbConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How every pool of the gateway is made. */
class DbPoolsTest {

    @Test
    void theIsolationLevelIsNamedSoAFailedDetectionCannotPoisonThePool() {
        // A port nobody listens on: the pool starts anyway, as the gateway's must.
        DbConfig db = new DbConfig("jdbc:postgresql://127.0.0.1:9/nowhere", "postgres", "", 1, Duration.ofSeconds(1),
                "public");
        try (HikariDataSource pool = DbPools.open(db, "test-pool", 2)) {
            assertEquals("TRANSACTION_READ_COMMITTED", pool.getTransactionIsolation());
            assertEquals(2, pool.getMaximumPoolSize());
            assertEquals("test-pool", pool.getDataSourceProperties().getProperty("ApplicationName"));
            assertEquals("true", pool.getDataSourceProperties().getProperty("reWriteBatchedInserts"));
        }
    }

    @Test
    void aBoundCapsEveryWaitOfThePoolAndTheDriver() {
        DbConfig db = new DbConfig("jdbc:postgresql://127.0.0.1:9/nowhere", "postgres", "", 1, Duration.ofSeconds(5),
                "public");
        try (HikariDataSource pool = DbPools.open(db, "bounded", 2, Duration.ofMillis(2500))) {
            assertEquals(2500, pool.getConnectionTimeout());
            assertEquals(2500, pool.getValidationTimeout());
            assertEquals("2", pool.getDataSourceProperties().getProperty("socketTimeout"));
            assertEquals("2", pool.getDataSourceProperties().getProperty("connectTimeout"));
            assertEquals("2", pool.getDataSourceProperties().getProperty("loginTimeout"));
        }
        try (HikariDataSource pool = DbPools.open(db, "unbounded", 2)) {
            assertEquals(5000, pool.getConnectionTimeout());
            assertEquals("30", pool.getDataSourceProperties().getProperty("socketTimeout"));
        }
    }
}
