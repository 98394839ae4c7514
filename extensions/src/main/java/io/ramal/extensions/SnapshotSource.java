package io.ramal.extensions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * Where the manager's snapshots come from: the store, written through to the cache after every
 * successful load; at start, the cache when the store is down. An outage is logged once when it
 * begins and once when it ends, however many sweeps fail in between. Used by the manager's
 * thread only.
 */
final class SnapshotSource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSource.class);

    private final ExtensionStore store;
    private final ExtensionCache cache;
    private final Duration retryEvery;
    private boolean storeDown;
    private String lastError;

    /**
     * @param cache      the last known set, or null for stores that need none (the file)
     * @param retryEvery how often the store is retried, for the log
     */
    SnapshotSource(ExtensionStore store, ExtensionCache cache, Duration retryEvery) {
        this.store = store;
        this.cache = cache;
        this.retryEvery = retryEvery;
    }

    /** True when there is a cache to fall back on at start. */
    boolean hasCache() {
        return cache != null;
    }

    /** Why the last load failed, or null. */
    String lastError() {
        return lastError;
    }

    /** The store's snapshot, or null when it is down. */
    ExtensionSnapshot load() {
        try {
            ExtensionSnapshot snap = store.load();
            if (storeDown) {
                storeDown = false;
                LOG.info("store back store=\"{}\"; reconciling", store.describe());
            }
            saveCache(snap);
            return snap;
        } catch (StoreException e) {
            lastError = e.getMessage();
            if (!storeDown) {
                storeDown = true;
                LOG.warn("store unavailable store=\"{}\" cause=\"{}\"; listeners keep serving, retrying every {}",
                        store.describe(), LogText.escape(e.getMessage(), 1024), Units.format(retryEvery));
            }
            return null;
        }
    }

    /** The store's snapshot, else the cache's; null when neither can be had. */
    ExtensionSnapshot loadOrCache() {
        ExtensionSnapshot snap = load();
        if (snap != null || cache == null) {
            return snap;
        }
        try {
            ExtensionSnapshot cached = cache.read();
            if (cached == null) {
                LOG.error("no extensions: store=\"{}\" is unavailable and cache file={} does not exist; "
                        + "retrying every {}", store.describe(), cache.file(), Units.format(retryEvery));
                return null;
            }
            Duration age = cache.age();
            LOG.warn("serving from cache file={} age-s={} extensions={}; the store is retried every {}",
                    cache.file(), age == null ? -1 : age.toSeconds(), cached.extensions().size(),
                    Units.format(retryEvery));
            return cached;
        } catch (IOException e) {
            LOG.error("cache file={} cannot be read cause=\"{}\"", cache.file(), LogText.escape(e.getMessage()));
            return null;
        }
    }

    private void saveCache(ExtensionSnapshot snap) {
        if (cache == null) {
            return;
        }
        try {
            cache.write(snap);
        } catch (IOException e) {
            LOG.warn("cache file={} cannot be written cause=\"{}\"", cache.file(), LogText.escape(e.getMessage()));
        }
    }
}
