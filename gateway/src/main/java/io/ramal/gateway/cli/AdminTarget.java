package io.ramal.gateway.cli;

import io.ramal.gateway.config.HttpSettings;
import picocli.CommandLine.Option;

/**
 * The {@code --url} and {@code --token} options of the commands that read the running gateway's
 * admin server ({@code ramal status}, {@code ramal nodes}), mixed into each: where it is and how
 * to prove the right to ask, defaulting to this host's configuration.
 */
final class AdminTarget {

    @Option(names = "--url", paramLabel = "URL",
            description = "The admin server (default: from http.bind and http.port, e.g. http://127.0.0.1:8090).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The admin token (default: $RAMAL_HTTP_TOKEN, else http.token).")
    String token;

    /** The admin server's base URL: {@code --url} without a trailing slash, else from {@code http}. */
    String base(HttpSettings http) {
        return url != null ? url.replaceAll("/+$", "") : AdminUrl.of(http);
    }

    /** The token to send: {@code --token}, else {@code http.token} (which the environment may set). */
    String token(HttpSettings http) {
        return token != null ? token : http.token();
    }
}
