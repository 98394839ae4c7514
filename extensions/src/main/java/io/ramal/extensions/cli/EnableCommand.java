package io.ramal.extensions.cli;

import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * {@code ramal extensions enable RAMAL}. An entry written around the CLI (SQL, an edited file)
 * may hold settings the gateway refuses: the entry is parsed first, as the gateway parses it,
 * and one it would refuse is left as it was, with the reason.
 */
@Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an extension.")
final class EnableCommand extends StoreCommand {

    @Parameters(paramLabel = "RAMAL")
    String ramal;

    private final ModeSettingsRegistry modes;

    EnableCommand(StoreOpener opener, ModeSettingsRegistry modes) {
        super(opener);
        this.modes = modes;
    }

    @Override
    int run(ExtensionStore store) throws StoreException {
        Map<String, Object> entry = existing(store, ramal);
        try {
            ExtensionParser.parseOrThrow(entry, store.defaultBind(), modes);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("ramal " + ramal + " is not enabled, the gateway would refuse it: "
                    + e.getMessage(), e);
        }
        setEnabled(store, ramal, true);
        return 0;
    }
}
