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
 * {@code ramal nodes}: the cluster's nodes (alive, last seen, calls) and which node owns each
 * queue, from the running gateway's admin server ({@code GET /cluster}); {@code --json} prints
 * the document itself.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "Show the cluster's nodes and which node owns each queue, as the running gateway sees them.")
public final class NodesCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    AdminTarget admin;

    @Option(names = "--json", description = "Print the data as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        HttpSettings http = main.loadConfig().http();
        String base = admin.base(http);
        String tok = admin.token(http);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode c = mapper.readTree(AdminUrl.get(client, base, tok, "/cluster"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n" : NodesText.render(c));
        out.flush();
        return 0;
    }
}
