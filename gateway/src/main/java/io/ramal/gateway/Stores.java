package io.ramal.gateway;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.ExtensionsConfig;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.ExtensionCache;
import io.ramal.extensions.store.FileExtensionStore;
import io.ramal.gateway.config.RamalConfig;

/**
 * Picks the extension store from the configuration, for the gateway and the admin commands
 * alike: the database when {@code db.url} is set (with the cache file that serves when it is
 * down), else the extensions file. Either parses each entry with {@link Modes#SETTINGS} as it
 * reads it.
 */
public final class Stores {

    /** An opened store and its cache (null for the file store, which needs none). */
    public record Opened(ExtensionStore store, ExtensionCache cache) {
    }

    private Stores() {
    }

    /** Opens the configured store. Never contacts the database: that happens on first use. */
    public static Opened open(RamalConfig config) {
        ExtensionsConfig ext = config.extensions();
        DbConfig db = config.db();
        String bind = config.gateway().defaultBind(); // never silently every interface
        if (db.enabled()) {
            return new Opened(new PgExtensionStore(db, Modes.SETTINGS, bind),
                    new ExtensionCache(config.resolve(ext.cacheFile()), Modes.SETTINGS, bind));
        }
        return new Opened(new FileExtensionStore(config.resolve(ext.file()), ext.watchInterval(), Modes.SETTINGS,
                bind), null);
    }
}
