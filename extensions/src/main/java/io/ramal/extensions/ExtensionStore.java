package io.ramal.extensions;

import java.util.Optional;

/**
 * Where the wanted extensions live: the database, or the YAML file that is the embedded
 * default. The manager loads snapshots and is told of changes; the admin CLI edits through the
 * same interface, so both see one truth.
 */
public interface ExtensionStore extends AutoCloseable {

    /**
     * Reads every entry.
     *
     * @throws StoreException when the store cannot be read (database down, file unreadable)
     */
    ExtensionSnapshot load() throws StoreException;

    /**
     * Starts telling {@code onChange} (from a thread of the store's) whenever the stored set may
     * have changed, including when the store comes back after an outage. Called once.
     */
    void watch(Runnable onChange);

    /** One entry by name. */
    default Optional<Extension> get(String ramal) throws StoreException {
        return load().extensions().stream().filter(e -> e.ramal().equals(ramal)).findFirst();
    }

    /** Adds an entry; fails when its name or address is taken. */
    void add(Extension extension) throws StoreException;

    /** Replaces the entry named {@code extension.ramal()}; fails when there is none. */
    void update(Extension extension) throws StoreException;

    /** Removes an entry; returns false when there was none. */
    boolean remove(String ramal) throws StoreException;

    /** What this store is, for logs (secrets masked). */
    String describe();

    @Override
    void close();
}
