package io.ramal.gateway.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The process's logging switched to the shipped {@code config/logback.xml} with {@code RAMAL_HOME}
 * at a test's folder, so the test reads {@code logs/ramal.log} and {@code logs/status.log} as an
 * operator would; closing flushes them and restores the test configuration.
 */
public final class ShippedLogging implements AutoCloseable {

    private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();

    private ShippedLogging(Path home) throws Exception {
        ctx.reset();
        ctx.putProperty("RAMAL_HOME", home.toString());
        JoranConfigurator j = new JoranConfigurator();
        j.setContext(ctx);
        j.doConfigure(Path.of("..", "config", "logback.xml").toFile());
    }

    /** Logs under {@code home/logs} until closed. */
    public static ShippedLogging at(Path home) throws Exception {
        return new ShippedLogging(home);
    }

    @Override
    public void close() throws Exception {
        ctx.reset(); // stops the appenders: what they queued is written out first
        JoranConfigurator back = new JoranConfigurator();
        back.setContext(ctx);
        back.doConfigure(ShippedLogging.class.getResource("/logback-test.xml"));
    }
}
