package io.ramal.gateway.ai.demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code ramal ai-demo --listen 127.0.0.1:8765}: runs the demo voice agent until stopped, so
 * that the AI line of the demo extensions (ramal 9300) answers with no AI service anywhere.
 */
@Command(name = "ai-demo", mixinStandardHelpOptions = true,
        description = "Run a demo voice agent (no AI): greets, repeats what it heard in one burst, "
                + "DTMF 0 transfers to the queue, # hangs up.")
public final class AiDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8765",
            description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--transfer-to", paramLabel = "TARGET", defaultValue = "suporte",
            description = "Queue or ramal that DTMF 0 transfers to (default ${DEFAULT-VALUE}).")
    String transferTo;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = parse(listen);
        try (AiDemoServer server = AiDemoServer.start(address, transferTo)) {
            spec.commandLine().getOut().printf("ai-demo listening on ws://%s:%d/ (Ctrl-C to stop)%n",
                    address.getHostString(), server.address().getPort());
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ramal-ai-demo-stop"));
            server.awaitClose();
        }
        return 0;
    }

    /**
     * Parses {@code HOST:PORT}.
     *
     * @throws IllegalArgumentException naming the value and the form expected
     */
    static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--listen=" + value + " is invalid, expected HOST:PORT such as 127.0.0.1:8765");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen=" + value + " has no valid port, expected HOST:PORT", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen=" + value + " port out of range, allowed: 0..65535");
        }
        return new InetSocketAddress(host, port);
    }
}
