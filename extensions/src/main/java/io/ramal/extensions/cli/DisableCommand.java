package io.ramal.extensions.cli;

import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ramal extensions disable RAMAL}: the listener stops and its calls finish. A refused
 * entry can be disabled too, so an admin can park a bad row (it then shows as STOPPED).
 */
@Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an extension.")
final class DisableCommand extends StoreCommand {

    @Parameters(paramLabel = "RAMAL")
    String ramal;

    DisableCommand(StoreOpener opener) {
        super(opener);
    }

    @Override
    int run(ExtensionStore store) throws StoreException {
        setEnabled(store, ramal, false);
        return 0;
    }
}
