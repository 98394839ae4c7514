package io.ramal.extensions.cli;

import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.StoreException;

/**
 * Opens the configured store for an admin command: the gateway's main supplies it, so the
 * commands use exactly the configuration and environment {@code ramal serve} uses.
 */
@FunctionalInterface
public interface StoreOpener {

    /** Opens the store; the caller closes it. */
    ExtensionStore open() throws StoreException;
}
