package io.ramal.extensions.cli;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ramal extensions add}: a new entry, parsed as the gateway parses it before it is stored. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Add an extension.")
final class AddCommand extends StoreCommand {

    @Option(names = "--ramal", required = true, description = "The extension's name, e.g. 2001.")
    String ramal;

    @Mixin
    EntryOptions options = new EntryOptions();

    private final ModeSettingsRegistry modes;

    AddCommand(StoreOpener opener, ModeSettingsRegistry modes) {
        super(opener);
        this.modes = modes;
    }

    @Override
    int run(ExtensionStore store) throws StoreException {
        Extension e = ExtensionParser.parseOrThrow(options.apply(null, ramal), store.defaultBind(), modes);
        StoreCommand.checkResolvable(e);
        store.add(e);
        out().println("added ramal " + e.ramal() + " on " + e.address() + " mode " + e.mode().wireName());
        return 0;
    }
}
