package io.ramal.extensions;

import java.time.Instant;

/**
 * The extension store's state at one moment, as {@code /health} and the status log show it:
 * whether the last load succeeded, since when it has been failing, where the running set of
 * extensions came from, and why the store is down. Immutable; the manager publishes a new one
 * after every load, any thread may read it.
 *
 * @param kind        what the store is: {@code postgres} or {@code file}
 * @param up          true when the last load from the store succeeded
 * @param downSince   when the current outage began (first failed load), null while up
 * @param servingFrom where the running set came from
 * @param lastError   why the store is down (or why the cache could not serve), null while up
 */
public record StoreHealth(String kind, boolean up, Instant downSince, ServingFrom servingFrom, String lastError) {

    /** Where the running set of extensions came from. */
    public enum ServingFrom {
        /** The last successful load from the store (which may have gone down since). */
        STORE,
        /** The cache file, read at start while the store was down; until the store is back. */
        CACHE,
        /** Nothing: the store was down at start and there was no usable cache. */
        NONE;

        /** The name {@code /health} and the status log use: {@code store}, {@code cache}, {@code none}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Before the first load. */
    public static StoreHealth starting(String kind) {
        return new StoreHealth(kind, false, null, ServingFrom.NONE, null);
    }

    /** True when the store is down and no set of extensions serves: the gateway serves nothing. */
    public boolean servingNothing() {
        return !up && servingFrom == ServingFrom.NONE;
    }
}
