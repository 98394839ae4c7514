package io.ramal.gateway.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config/logback.xml (the jar's copy too): nothing writes on the logging thread, and files are capped. */
class ShippedLogbackConfigTest {

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @TempDir
    Path home;

    @Test
    void everyAppenderIsBehindANonBlockingQueueAndEveryFileRollsBySizeWithACap() throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.putProperty("RAMAL_HOME", home.toString());
        JoranConfigurator j = new JoranConfigurator();
        j.setContext(ctx);
        j.doConfigure(Path.of("..", "config", "logback.xml").toFile());
        try {
            List<Appender<ILoggingEvent>> attached = new ArrayList<>();
            for (Logger l : ctx.getLoggerList()) {
                l.iteratorForAppenders().forEachRemaining(attached::add);
            }
            assertEquals(3, attached.size(), "console, main and status");
            int files = 0;
            for (Appender<ILoggingEvent> a : attached) {
                DroppingAsyncAppender async = assertInstanceOf(DroppingAsyncAppender.class, a, a.getName());
                assertTrue(async.isNeverBlock(), a.getName());
                assertEquals(0, async.getDiscardingThreshold(), a.getName() + " keeps INFO while there is room");
                Iterator<Appender<ILoggingEvent>> below = async.iteratorForAppenders();
                Appender<ILoggingEvent> target = below.next();
                if (target instanceof RollingFileAppender<ILoggingEvent> file) {
                    files++;
                    SizeAndTimeBasedRollingPolicy<?> p = assertInstanceOf(SizeAndTimeBasedRollingPolicy.class,
                            file.getRollingPolicy(), file.getName() + " rolls by size as well as by day");
                    assertTrue(p.getMaxHistory() > 0, file.getName());
                }
            }
            assertEquals(2, files);
            // Logback has no getter for the caps: each policy names both.
            String xml = Files.readString(Path.of("..", "config", "logback.xml"));
            assertEquals(2, count(xml, "<maxFileSize>"), "both files roll at a size");
            assertEquals(2, count(xml, "<totalSizeCap>"), "both files have a total cap");
        } finally {
            ctx.stop();
        }
    }
}
