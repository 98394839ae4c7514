package io.ramal.bench;

import io.ramal.gateway.cli.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The {@code ramal} command line as the shell runs it, in this JVM, for the bench commands' tests. */
final class Cli {

    private Cli() {
    }

    /** Runs {@code ramal args...}: {exit code, standard output, standard error}. */
    static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
