package io.ramal.gateway;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.StoreException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The extension store as this node serves it: the rows limited to other nodes ({@code nodes})
 * are left out, and with {@code node.bind} set every extension binds that address instead of its
 * own (several nodes on one host, one loopback address each). Every load also hands the whole
 * set, unscoped, to {@code everyRow}: the queue groups must be the same on every node. Edits
 * pass through untouched, so the admin commands see the rows as stored.
 */
final class NodeScope implements ExtensionStore {

    private final ExtensionStore store;
    private final String node;
    private final String bind;
    private final Consumer<List<Extension>> everyRow;

    /**
     * @param node     this node's name
     * @param bind     {@code node.bind}, empty for each extension's own address
     * @param everyRow told every row at each load, on the loading thread
     */
    NodeScope(ExtensionStore store, String node, String bind, Consumer<List<Extension>> everyRow) {
        this.store = store;
        this.node = node;
        this.bind = bind;
        this.everyRow = everyRow;
    }

    @Override
    public ExtensionSnapshot load() throws StoreException {
        ExtensionSnapshot all = store.load();
        everyRow.accept(all.extensions());
        List<Extension> here = all.extensions().stream().filter(e -> e.servesNode(node))
                .map(e -> bind.isEmpty() ? e : e.withBind(bind)).toList();
        return new ExtensionSnapshot(here, all.rejected());
    }

    @Override
    public void watch(Runnable onChange) {
        store.watch(onChange);
    }

    @Override
    public Optional<Map<String, Object>> entry(String ramal) throws StoreException {
        return store.entry(ramal);
    }

    @Override
    public boolean setEnabled(String ramal, boolean enabled) throws StoreException {
        return store.setEnabled(ramal, enabled);
    }

    @Override
    public void add(Extension extension) throws StoreException {
        store.add(extension);
    }

    @Override
    public void update(Extension extension) throws StoreException {
        store.update(extension);
    }

    @Override
    public boolean remove(String ramal) throws StoreException {
        return store.remove(ramal);
    }

    @Override
    public String defaultBind() {
        return bind.isEmpty() ? store.defaultBind() : bind;
    }

    @Override
    public String kind() {
        return store.kind();
    }

    @Override
    public String describe() {
        return store.describe() + (bind.isEmpty() ? "" : " bind=" + bind) + " node=" + node;
    }

    @Override
    public void close() {
        store.close();
    }
}
