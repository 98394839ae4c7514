package io.ramal.gateway.cli;

import io.ramal.gateway.config.HttpSettings;

/** The running gateway's admin server as seen from this host, from the {@code http:} settings. */
final class AdminUrl {

    private AdminUrl() {
    }

    /** {@code http://host:port}: a wildcard bind is reached on loopback. */
    static String of(HttpSettings http) {
        String host = http.bind();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.port();
    }
}
