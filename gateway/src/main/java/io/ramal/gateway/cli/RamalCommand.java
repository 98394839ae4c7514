package io.ramal.gateway.cli;

/**
 * A subcommand of {@code ramal} contributed by another module (the load generator in
 * {@code bench}), found with {@link java.util.ServiceLoader} so that the gateway never depends
 * on the modules above it.
 */
public interface RamalCommand {

    /** The picocli command object (annotated with {@code @Command}). */
    Object command();
}
