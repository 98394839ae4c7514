package io.ramal.extensions.cli;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.ListenerState;
import io.ramal.extensions.RejectedExtension;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code ramal extensions list}: every entry, with the running gateway's listener state when it answers. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List every extension, refused ones with their reason.")
final class ListCommand extends StoreCommand {

    @Option(names = "--json", description = "JSON for scripts.")
    boolean json;

    private final LiveStates live;

    ListCommand(StoreOpener opener, LiveStates live) {
        super(opener);
        this.live = live;
    }

    @Override
    int run(ExtensionStore store) throws StoreException {
        ExtensionSnapshot s = store.load();
        Map<String, LiveStates.State> states = live.fetch();
        if (json) {
            printJson(rows(s, states));
            return 0;
        }
        // The NODES column only when some extension is limited to some nodes: one node is the usual case.
        boolean nodes = s.extensions().stream().anyMatch(e -> !e.nodes().isEmpty());
        List<List<String>> table = new ArrayList<>();
        table.add(columns(nodes, "RAMAL", "ADDRESS", "MODE", "NODES", "ENABLED", "LISTENER", "DESCRIPTION / REASON"));
        for (Extension e : s.extensions()) {
            LiveStates.State st = states.get(e.ramal());
            String reason = st != null && st.reason() != null ? st.reason() : e.description();
            table.add(columns(nodes, e.ramal(), e.address(), e.mode().wireName(),
                    e.nodes().isEmpty() ? "all" : String.join(",", e.nodes()), e.enabled() ? "yes" : "no",
                    st == null ? "-" : st.state(), reason));
        }
        for (RejectedExtension r : s.rejected()) {
            // A refused edit of a running extension: the gateway still serves the old version.
            LiveStates.State st = states.get(r.ramal());
            boolean servingOld = st != null && ListenerState.SERVING_OLD.name().equals(st.state());
            table.add(columns(nodes, r.ramal(), "-", "-", "-", r.enabled() ? "yes" : "no",
                    servingOld ? st.state() : "REFUSED", r.reason()));
        }
        printTable(out(), table.stream().map(row -> row.toArray(String[]::new)).toList());
        out().println(s.extensions().size() + " extension(s), " + s.rejected().size() + " refused, from "
                + store.describe() + (states.isEmpty() ? "; no running gateway answered for LISTENER" : ""));
        return 0;
    }

    /** One row's cells, the fourth ({@code NODES}) left out unless {@code nodes}. */
    private static List<String> columns(boolean nodes, String... cells) {
        List<String> row = new ArrayList<>(Arrays.asList(cells));
        if (!nodes) {
            row.remove(3);
        }
        return row;
    }

    /** The rows of {@code --json}: valid entries with their listener state, then the refused ones. */
    private static List<Map<String, Object>> rows(ExtensionSnapshot s, Map<String, LiveStates.State> states) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Extension e : s.extensions()) {
            Map<String, Object> m = row(e);
            LiveStates.State st = states.get(e.ramal());
            if (st != null) {
                m.put("listener", st.state());
                if (st.reason() != null) {
                    m.put("reason", st.reason());
                }
            }
            rows.add(m);
        }
        s.rejected().forEach(r -> rows.add(row(r, null)));
        return rows;
    }
}
