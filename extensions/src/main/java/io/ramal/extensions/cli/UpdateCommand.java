package io.ramal.extensions.cli;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ramal extensions update RAMAL}: the options laid over the entry as stored (so a refused
 * entry can be repaired in place), parsed as the gateway parses it before it is stored.
 */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Change an extension; unnamed fields keep their value.")
final class UpdateCommand extends StoreCommand {

    @Parameters(paramLabel = "RAMAL")
    String ramal;

    @Mixin
    EntryOptions options = new EntryOptions();

    private final ModeSettingsRegistry modes;

    UpdateCommand(StoreOpener opener, ModeSettingsRegistry modes) {
        super(opener);
        this.modes = modes;
    }

    @Override
    int run(ExtensionStore store) throws StoreException {
        Extension e = ExtensionParser.parseOrThrow(options.apply(existing(store, ramal), ramal), store.defaultBind(),
                modes);
        StoreCommand.checkResolvable(e);
        store.update(e);
        out().println("updated ramal " + e.ramal() + " on " + e.address() + " mode " + e.mode().wireName());
        return 0;
    }
}
