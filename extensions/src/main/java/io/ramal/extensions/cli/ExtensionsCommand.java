package io.ramal.extensions.cli;

import io.ramal.extensions.ModeSettingsRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ramal extensions list|show|add|update|enable|disable|remove}: edits the configured
 * store (database or file) with the same validation the gateway applies (the same parser of each
 * mode's settings), so an entry the admin adds is one the gateway will serve. One file per
 * subcommand; what they share is in {@link StoreCommand}. Exit codes: 0 done, 1 store error,
 * 2 invalid input.
 */
@Command(name = "extensions", mixinStandardHelpOptions = true,
        description = "List and edit extensions in the configured store (database or file); the gateway follows.")
public final class ExtensionsCommand {

    /** Exit code of invalid input. */
    public static final int INVALID = 2;
    /** Exit code of a store that cannot be read or written. */
    public static final int STORE_ERROR = 1;

    private ExtensionsCommand() {
    }

    /** The command with its subcommands, ready to add under {@code ramal}. */
    public static CommandLine commandLine(StoreOpener opener, ModeSettingsRegistry modes) {
        return commandLine(opener, LiveStates.NONE, modes);
    }

    /**
     * The command, with {@code list} showing the running gateway's states from {@code live}, and
     * {@code add}, {@code update} and {@code enable} parsing each mode's settings with
     * {@code modes}, the gateway's own parsers: a typo is refused here rather than at bind.
     * Nothing is started: no event loop, no handler.
     */
    public static CommandLine commandLine(StoreOpener opener, LiveStates live, ModeSettingsRegistry modes) {
        CommandLine cl = new CommandLine(new ExtensionsCommand());
        cl.addSubcommand(new ListCommand(opener, live));
        cl.addSubcommand(new ShowCommand(opener));
        cl.addSubcommand(new AddCommand(opener, modes));
        cl.addSubcommand(new UpdateCommand(opener, modes));
        cl.addSubcommand(new EnableCommand(opener, modes));
        cl.addSubcommand(new DisableCommand(opener));
        cl.addSubcommand(new RemoveCommand(opener));
        return cl;
    }
}
