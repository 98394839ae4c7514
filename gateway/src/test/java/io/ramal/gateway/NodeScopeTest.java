package io.ramal.gateway;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.Mode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A node serves the rows meant for it, on node.bind when set, and still sees every row for the queue groups. */
class NodeScopeTest {

    private static Extension ext(String ramal, int port, List<String> nodes) {
        return new Extension(ramal, "127.0.0.1", port, Mode.ECHO, Map.of(), null, true, "").withNodes(nodes);
    }

    private final List<Extension> rows = List.of(ext("1", 41001, List.of()), ext("2", 41002, List.of("node-a")),
            ext("3", 41003, List.of("node-b", "node-c")));

    private final ExtensionStore store = new ExtensionStore() {
        @Override
        public ExtensionSnapshot load() {
            return new ExtensionSnapshot(rows, List.of());
        }

        @Override
        public void watch(Runnable onChange) {
        }

        @Override
        public void add(Extension extension) {
        }

        @Override
        public void update(Extension extension) {
        }

        @Override
        public boolean remove(String ramal) {
            return false;
        }

        @Override
        public String describe() {
            return "rows";
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aNodeServesItsOwnRowsAndThoseForEveryNodeOnItsBindAddress() throws Exception {
        List<List<Extension>> seen = new ArrayList<>();
        NodeScope b = new NodeScope(store, "node-b", "127.0.0.3", seen::add);
        List<Extension> served = b.load().extensions();
        assertEquals(List.of("1", "3"), served.stream().map(Extension::ramal).toList());
        assertEquals(List.of("127.0.0.3", "127.0.0.3"), served.stream().map(Extension::bind).toList());
        assertEquals(List.of(41001, 41003), served.stream().map(Extension::port).toList());
        assertEquals(List.of(rows), seen, "every row, unscoped, for the queue groups");
        assertEquals("127.0.0.3", b.defaultBind());
    }

    @Test
    void withoutNodeBindEachRowKeepsItsOwnAddress() throws Exception {
        NodeScope a = new NodeScope(store, "node-a", "", all -> { });
        List<Extension> served = a.load().extensions();
        assertEquals(List.of("1", "2"), served.stream().map(Extension::ramal).toList());
        assertEquals(List.of("127.0.0.1", "127.0.0.1"), served.stream().map(Extension::bind).toList());
    }
}
