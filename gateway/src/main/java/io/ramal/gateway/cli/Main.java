package io.ramal.gateway.cli;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.LogText;
import io.ramal.extensions.cli.DbCommand;
import io.ramal.extensions.cli.ExtensionsCommand;
import io.ramal.gateway.Modes;
import io.ramal.gateway.Stores;
import io.ramal.gateway.Version;
import io.ramal.gateway.ai.demo.AiDemoCommand;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.log.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/**
 * The {@code ramal} command: {@code serve} (what {@code ramal} alone does), {@code call},
 * {@code ai-demo}, {@code status}, {@code nodes}, {@code extensions}, {@code db}, {@code report} and the
 * commands other modules contribute.
 * {@code --config} and {@code -D} are accepted by every subcommand and feed the one
 * configuration loader.
 */
@Command(name = "ramal", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "AudioSocket gateway between Asterisk and the things that answer calls.",
        subcommands = {ServeCommand.class, CallCommand.class, AiDemoCommand.class, StatusCommand.class,
                NodesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file (default: $RAMAL_CONFIG, else config/ramal.yaml when it exists).")
    Path config;

    @Option(names = {"-D", "--define"}, scope = ScopeType.INHERIT, paramLabel = "SECTION.KEY=VALUE",
            description = "Override one configuration key, e.g. -D status.interval=1s (repeatable).")
    List<String> sets = new ArrayList<>();

    /** Loads configuration: file, then environment, then the {@code -D} flags. */
    public RamalConfig loadConfig() {
        return ConfigLoader.load(config, System.getenv(), sets);
    }

    @Override
    public Integer call() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.main = this;
        return serve.call();
    }

    /** Builds the command line with every contributed subcommand. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.addSubcommand("extensions", ExtensionsCommand.commandLine(() -> Stores.open(main.loadConfig()).store(),
                () -> new GatewayStates(main.loadConfig().http()).fetch(), Modes.SETTINGS));
        cl.addSubcommand("db", DbCommand.commandLine(() -> main.loadConfig().db()));
        cl.addSubcommand("report", ReportCommand.commandLine(main::loadConfig));
        for (RamalCommand c : ServiceLoader.load(RamalCommand.class)) {
            cl.addSubcommand(c.command());
        }
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            // Errors people can act on get one line, not a stack trace; a URL in it is masked.
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("ramal: " + LogText.escape(DbConfig.maskUrl(e.getMessage()), 1024));
                return 2;
            }
            if (e instanceof IllegalStateException || e instanceof java.io.IOException) {
                line.getErr().println("ramal: " + LogText.escape(DbConfig.maskUrl(e.getMessage()), 1024));
                return 1;
            }
            throw e;
        });
        return cl;
    }

    public static void main(String[] args) {
        if (!serves(args)) {
            // Admin and test commands print their own results (scripts parse --json): the log's
            // lines would bury them, or break them.
            Logging.keepStdoutForResults();
        }
        int rc = commandLine().execute(args);
        Logging.flush(); // the appenders are asynchronous: write out what they hold before the JVM goes
        System.exit(rc);
    }

    /**
     * True when the command line runs a server whose INFO lines are its output: the gateway
     * ({@code serve}, or no command at all), the demo agent ({@code ai-demo}), or bench's
     * {@code bench-gateway}, whose {@code call ended} lines say how each leg was paced.
     */
    static boolean serves(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") || a.equals("-D") || a.equals("--define")) {
                i++; // skip the option's value
            } else if (!a.startsWith("-")) {
                return a.equals("serve") || a.equals("ai-demo") || a.equals("bench-gateway");
            }
        }
        return true;
    }
}
