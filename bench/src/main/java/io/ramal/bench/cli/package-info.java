/**
 * The bench's {@code ramal} subcommands, {@code loadtest}, {@code baseline-echo} and
 * {@code loadtest-plot}, contributed to the gateway's command line through
 * {@code META-INF/services/io.ramal.gateway.cli.RamalCommand}.
 */
package io.ramal.bench.cli;
