package io.ramal.extensions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the manager's snapshots come from: the store, written through to the cache after every
 * successful load; at start, the cache when the store is down. An outage is logged once when it
 * begins and once when it ends, however many sweeps fail in between. A cache file that is not a
 * cache is set aside as {@code <name>.corrupt} with one WARN naming its cause, and the gateway
 * waits for the store. Used by the manager's thread only, except {@link #health()}.
 */
final class SnapshotSource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSource.class);

    private final ExtensionStore store;
    private final ExtensionCache cache;
    private final Duration retryEvery;
    private boolean storeDown;
    private String lastError;
    private Instant downSince;
    private StoreHealth.ServingFrom servingFrom = StoreHealth.ServingFrom.NONE;
    private volatile StoreHealth health;

    /**
     * @param cache      the last known set, or null for stores that need none (the file)
     * @param retryEvery how often the store is retried, for the log
     */
    SnapshotSource(ExtensionStore store, ExtensionCache cache, Duration retryEvery) {
        this.store = store;
        this.cache = cache;
        this.retryEvery = retryEvery;
        this.health = StoreHealth.starting(store.kind());
    }

    /** The store's state after the last load. Any thread. */
    StoreHealth health() {
        return health;
    }

    private void publish() {
        health = new StoreHealth(store.kind(), !storeDown, downSince, servingFrom, storeDown ? lastError : null);
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
                downSince = null;
                LOG.info("store back store=\"{}\"; reconciling", store.describe());
            }
            servingFrom = StoreHealth.ServingFrom.STORE;
            publish();
            saveCache(snap);
            return snap;
        } catch (StoreException e) {
            lastError = e.getMessage();
            if (!storeDown) {
                storeDown = true;
                downSince = Instant.now();
                LOG.warn("store unavailable store=\"{}\" cause=\"{}\"; listeners keep serving, retrying every {}",
                        store.describe(), LogText.escape(e.getMessage(), 1024), Units.format(retryEvery));
            }
            publish();
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
            servingFrom = StoreHealth.ServingFrom.CACHE;
            publish();
            return cached;
        } catch (ExtensionCache.CorruptException e) {
            LOG.warn("cache file={} is corrupt cause=\"{}\"; set aside as {}; serving no extensions until "
                    + "store=\"{}\" is back, retried every {}", cache.file(), LogText.escape(e.getMessage()), setAside(),
                    store.describe(), Units.format(retryEvery));
            return null;
        } catch (IOException e) {
            LOG.warn("cache file={} cannot be read cause=\"{}\"; serving no extensions until store=\"{}\" "
                    + "is back, retried every {}", cache.file(), LogText.escape(e.toString()), store.describe(), Units.format(retryEvery));
            return null;
        }
    }

    /** Moves the corrupt cache aside; says where, or why it stayed (then the next write replaces it). */
    private String setAside() {
        try {
            return cache.setAside().toString();
        } catch (IOException e) {
            return "nothing (it cannot be moved: " + e + ")";
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
