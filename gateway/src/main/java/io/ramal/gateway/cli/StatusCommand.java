package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.gateway.config.HttpSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ramal status}: the wallboard in a terminal, from the running gateway's admin server
 * ({@code GET /board.json}), redrawn in place every second; {@code --once} prints one snapshot
 * for scripts, {@code --json} the data itself.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running gateway's extensions, queues and calls, refreshed every second (Ctrl-C quits).")
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    AdminTarget admin;

    @Option(names = "--once", description = "Print one snapshot and exit.")
    boolean once;

    @Option(names = "--json", description = "Print the data as JSON (with --once: one document; else one per line).")
    boolean json;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "DURATION",
            description = "Time between refreshes (default ${DEFAULT-VALUE}).")
    String interval;

    @Override
    public Integer call() throws Exception {
        HttpSettings http = main.loadConfig().http();
        String base = admin.base(http);
        String tok = admin.token(http);
        Duration every = io.ramal.extensions.Units.duration("--interval", interval);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper mapper = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null && !once && !json;
        while (true) {
            JsonNode s = mapper.readTree(AdminUrl.get(client, base, tok, "/board.json"));
            if (json) {
                out.println(once ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(s) : s.toString());
            } else {
                out.print(terminal ? "\033[H\033[2J" + StatusText.render(s) : StatusText.render(s));
                if (!terminal && !once) {
                    out.println();
                }
            }
            out.flush();
            if (once) {
                return 0;
            }
            Thread.sleep(Math.max(100, every.toMillis())); // a terminal view's pace, not a wait for a condition
        }
    }
}
