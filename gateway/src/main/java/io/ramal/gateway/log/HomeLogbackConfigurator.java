package io.ramal.gateway.log;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes {@code config/logback.xml} under the home directory ({@code RAMAL_HOME}, else the working
 * directory, as for {@code config/ramal.yaml}) the logging configuration when it exists, so an
 * installed copy is edited in place; without it the copy inside the jar serves, and
 * {@code -Dlogback.configurationFile=...} still names any other file. Logback finds this class
 * through {@code META-INF/services} and asks it before its own search, which would otherwise
 * always find the jar's copy first.
 *
 * <p>It reads the environment and one system property itself because logging starts before the
 * configuration loader runs, and must not depend on it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class HomeLogbackConfigurator extends ContextAwareBase implements Configurator {

    /** Where the file sits below the home directory. */
    static final Path FILE = Path.of("config", "logback.xml");

    private final String home;
    private final String namedFile;

    /** What logback's service loader calls. */
    public HomeLogbackConfigurator() {
        this(System.getenv("RAMAL_HOME"), System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY));
    }

    /**
     * @param home      {@code RAMAL_HOME}, or null for the working directory
     * @param namedFile {@code logback.configurationFile}, or null when not given
     */
    HomeLogbackConfigurator(String home, String namedFile) {
        this.home = home;
        this.namedFile = namedFile;
    }

    /** The file this configurator would read, or null when logback's own search should decide. */
    Path file() {
        if (namedFile != null && !namedFile.isBlank()) {
            return null;
        }
        Path base = home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
        Path f = base.resolve(FILE);
        return Files.isRegularFile(f) ? f : null;
    }

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        Path f = file();
        if (f == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(ctx);
        try {
            joran.doConfigure(f.toFile());
            addInfo("logging configured from " + f);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        } catch (JoranException e) {
            // Logback prints its errors at start; the jar's copy then keeps the logs going.
            addError("logging configuration " + f + " cannot be used, falling back to the jar's copy", e);
            ctx.reset();
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
    }
}
