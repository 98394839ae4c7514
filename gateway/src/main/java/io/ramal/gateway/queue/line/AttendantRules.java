package io.ramal.gateway.queue.line;

import java.time.Duration;
import java.util.List;

/**
 * What an attendant's line reads of its {@code agent} extension's settings. The queue module's
 * settings record implements it, so that the settings are parsed in one place and this package
 * depends on nothing above it.
 */
public interface AttendantRules {

    /** The queues the attendant serves. */
    List<String> queues();

    /** DTMF that pauses: no new callers (the current conversation goes on). */
    char pauseDigit();

    /** DTMF that ends the pause. */
    char resumeDigit();

    /** DTMF that ends the current conversation (the caller is hung up). */
    char endDigit();

    /** While waiting for callers, a beep this often; zero = silence. */
    Duration beepInterval();
}
