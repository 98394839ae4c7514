package io.ramal.gateway.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config/logback.xml under the home wins over the jar's copy; without it, logback searches as usual. */
class HomeLogbackConfiguratorTest {

    @TempDir
    Path home;

    private Path writeHomeConfig(String xml) throws Exception {
        Path f = home.resolve("config/logback.xml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, xml);
        return f;
    }

    @Test
    void theHomesConfigIsReadAndLogbacksOwnSearchSkipped() throws Exception {
        writeHomeConfig("<configuration><logger name=\"from.home\" level=\"DEBUG\"/></configuration>");
        LoggerContext ctx = new LoggerContext();
        HomeLogbackConfigurator c = new HomeLogbackConfigurator(home.toString(), null);
        c.setContext(ctx);
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, c.configure(ctx));
        assertEquals(ch.qos.logback.classic.Level.DEBUG, ctx.getLogger("from.home").getLevel());
        ctx.stop();
    }

    @Test
    void withoutAHomeConfigTheJarsCopyServes() {
        LoggerContext ctx = new LoggerContext();
        HomeLogbackConfigurator c = new HomeLogbackConfigurator(home.toString(), null);
        c.setContext(ctx);
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, c.configure(ctx));
        assertNull(c.file());
    }

    @Test
    void aFileNamedWithLogbackConfigurationFileStillWins() throws Exception {
        writeHomeConfig("<configuration/>");
        assertNull(new HomeLogbackConfigurator(home.toString(), "/etc/other-logback.xml").file());
        assertEquals(home.resolve("config/logback.xml"), new HomeLogbackConfigurator(home.toString(), " ").file());
    }

    @Test
    void aBrokenHomeConfigFallsBackToTheJarsCopy() throws Exception {
        writeHomeConfig("<configuration><logger name=\"half\"");
        LoggerContext ctx = new LoggerContext();
        HomeLogbackConfigurator c = new HomeLogbackConfigurator(home.toString(), null);
        c.setContext(ctx);
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, c.configure(ctx));
        assertTrue(ctx.getStatusManager().getCopyOfStatusList().stream()
                .anyMatch(s -> s.getMessage().contains("falling back to the jar's copy")));
    }

    @Test
    void logbackFindsItAsAService() {
        assertTrue(ServiceLoader.load(Configurator.class).stream()
                .anyMatch(p -> p.type() == HomeLogbackConfigurator.class));
    }
}
