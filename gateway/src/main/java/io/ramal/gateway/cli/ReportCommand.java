package io.ramal.gateway.cli;

import io.ramal.extensions.LogText;
import io.ramal.extensions.cli.ExtensionsCommand;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.report.CallReport;
import io.ramal.gateway.report.CallStory;
import io.ramal.gateway.report.QueueReport;
import io.ramal.gateway.report.RecordSource;
import io.ramal.gateway.report.RecordSources;
import io.ramal.gateway.report.ReportException;
import io.ramal.gateway.report.ReportTable;
import io.ramal.gateway.report.Window;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code ramal report calls|queues|call}: reads the call records and queue events from the
 * configured store (the database when {@code db.url} is set, else the JSON-lines files) and prints
 * them per extension or queue and day, or one call's story. Results go to standard output and
 * nothing else does; a store that cannot be read is one line on standard error (exit 1), bad input
 * too (exit 2).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports from the call records and queue events: per extension or queue and day, or one call.")
public final class ReportCommand {

    private ReportCommand() {
    }

    /** The command with its subcommands; {@code config} supplies the gateway's configuration. */
    public static CommandLine commandLine(Supplier<RamalConfig> config) {
        return commandLine(config, Clock.systemUTC());
    }

    /** As above, with the clock that says what "today" is (tests fix it). */
    static CommandLine commandLine(Supplier<RamalConfig> config, Clock clock) {
        CommandLine cl = new CommandLine(new ReportCommand());
        cl.addSubcommand(new Calls(config, clock));
        cl.addSubcommand(new Queues(config, clock));
        cl.addSubcommand(new One(config));
        return cl;
    }

    /** What the subcommands share: the store opened and closed around the run, errors as one line. */
    abstract static class Base implements Callable<Integer> {
        private final Supplier<RamalConfig> config;

        @Spec
        CommandSpec spec;

        @Option(names = "--zone", paramLabel = "ZONE",
                description = "Time zone of the days and times (default: the system's, as the gateway's).")
        ZoneId zone = ZoneId.systemDefault();

        Base(Supplier<RamalConfig> config) {
            this.config = config;
        }

        @Override
        public final Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try (RecordSource source = RecordSources.forCommand(config.get())) {
                int code = run(source, spec.commandLine().getOut());
                spec.commandLine().getOut().flush();
                for (String w : source.warnings()) {
                    err.println("ramal report: warning: " + LogText.escape(w, 1024));
                }
                return code;
            } catch (ReportException e) {
                err.println("ramal report: " + LogText.escape(e.getMessage(), 1024));
                return ExtensionsCommand.STORE_ERROR;
            } catch (IllegalArgumentException e) {
                err.println("ramal report: " + LogText.escape(e.getMessage(), 1024));
                return ExtensionsCommand.INVALID;
            } finally {
                err.flush();
            }
        }

        abstract int run(RecordSource source, PrintWriter out) throws ReportException;
    }

    /** {@code --json} or {@code --csv}; the aligned table when neither. */
    static final class Format {
        @Option(names = "--json", required = true, description = "A JSON array, one object per row.")
        boolean json;

        @Option(names = "--csv", required = true, description = "CSV with a header line.")
        boolean csv;
    }

    /** The per-day reports: the days, the format, and the footer under a table. */
    abstract static class Daily extends Base {
        private final Clock clock;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "First day (default: today).")
        LocalDate since;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD",
                description = "Last day, included (default: today, or --since when later).")
        LocalDate until;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Format format;

        Daily(Supplier<RamalConfig> config, Clock clock) {
            super(config);
            this.clock = clock;
        }

        @Override
        final int run(RecordSource source, PrintWriter out) throws ReportException {
            Window w = Window.days(since, until, zone, clock);
            ReportTable t = report(source, w);
            if (format != null && format.json) {
                out.print(t.json());
            } else if (format != null && format.csv) {
                out.print(t.csv());
            } else {
                out.print(t.table());
                LocalDate last = w.day(w.to().minusNanos(1));
                out.println(t.rows().size() + " row(s), " + w.day(w.from()) + " to " + last + " in " + zone + ", from "
                        + source.describe());
            }
            return 0;
        }

        abstract ReportTable report(RecordSource source, Window w) throws ReportException;
    }

    @Command(name = "calls", mixinStandardHelpOptions = true,
            description = "Per extension and day: offered, answered, abandoned, overflowed, failed, wait (average,"
                    + " 90th percentile), average talk, service level of the queue callers.")
    static final class Calls extends Daily {
        @Option(names = "--extension", paramLabel = "RAMAL", description = "Only this extension.")
        String extension;

        Calls(Supplier<RamalConfig> config, Clock clock) {
            super(config, clock);
        }

        @Override
        ReportTable report(RecordSource source, Window w) throws ReportException {
            return CallReport.run(source, w, extension);
        }
    }

    @Command(name = "queues", mixinStandardHelpOptions = true,
            description = "Per queue and day: offered, answered, abandoned, overflowed, wait (average, 90th"
                    + " percentile), average talk, service level (answered within the queue's threshold of all"
                    + " answered, abandoned and overflowed).")
    static final class Queues extends Daily {
        @Option(names = "--queue", paramLabel = "NAME", description = "Only this queue.")
        String queue;

        Queues(Supplier<RamalConfig> config, Clock clock) {
            super(config, clock);
        }

        @Override
        ReportTable report(RecordSource source, Window w) throws ReportException {
            return QueueReport.run(source, w, queue);
        }
    }

    @Command(name = "call", mixinStandardHelpOptions = true,
            description = "One call's record and its queue events in time order.")
    static final class One extends Base {
        @Parameters(paramLabel = "ID", description = "The call id (the AudioSocket UUID).")
        UUID id;

        @Option(names = "--json", description = "JSON: {\"call\": ..., \"queue_events\": [...]}.")
        boolean json;

        One(Supplier<RamalConfig> config) {
            super(config);
        }

        @Override
        int run(RecordSource source, PrintWriter out) throws ReportException {
            CallStory story = CallStory.load(source, id);
            if (story.empty()) {
                throw new IllegalArgumentException("no call " + id + " in " + source.describe());
            }
            out.print(json ? story.json() : story.text(zone));
            return 0;
        }
    }
}
