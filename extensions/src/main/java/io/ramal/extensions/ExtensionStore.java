package io.ramal.extensions;

import java.util.Map;
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

    /**
     * One entry as stored, whether it parses or not: the admin CLI lays its options over it, so a
     * refused entry can be repaired in place. The default serves valid entries only.
     */
    default Optional<Map<String, Object>> entry(String ramal) throws StoreException {
        return get(ramal).map(ExtensionParser::toEntry);
    }

    /**
     * Enables or disables an entry. The stores of this module do it for refused entries too (so
     * an admin can park a bad row); the default handles valid entries only.
     *
     * @return false when there is no such entry
     */
    default boolean setEnabled(String ramal, boolean enabled) throws StoreException {
        Optional<Extension> e = get(ramal);
        if (e.isEmpty()) {
            return false;
        }
        update(e.get().withEnabled(enabled));
        return true;
    }

    /** Adds an entry; fails when its name or address is taken. */
    void add(Extension extension) throws StoreException;

    /** Replaces the entry named {@code extension.ramal()}; fails when there is none. */
    void update(Extension extension) throws StoreException;

    /** Removes an entry; returns false when there was none. */
    boolean remove(String ramal) throws StoreException;

    /** The bind address of entries that name none: {@code gateway.default-bind}, loopback unless configured. */
    default String defaultBind() {
        return "127.0.0.1";
    }

    /** The kind of store, for {@code /health} and the status log: {@code file} or {@code postgres}. */
    default String kind() {
        return "file";
    }

    /** What this store is, for logs (secrets masked). */
    String describe();

    @Override
    void close();
}
