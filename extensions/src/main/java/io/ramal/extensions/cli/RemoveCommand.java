package io.ramal.extensions.cli;

import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.LogText;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ramal extensions remove RAMAL}: the entry goes; the gateway drains its listener. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an extension; its calls in progress finish.")
final class RemoveCommand extends StoreCommand {

    @Parameters(paramLabel = "RAMAL")
    String ramal;

    RemoveCommand(StoreOpener opener) {
        super(opener);
    }

    @Override
    int run(ExtensionStore store) throws StoreException {
        if (!store.remove(ramal)) {
            throw noSuch(store, ramal);
        }
        out().println("removed ramal " + LogText.escape(ramal));
        return 0;
    }
}
