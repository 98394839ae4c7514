package io.ramal.extensions.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.LogText;
import io.ramal.extensions.RejectedExtension;
import io.ramal.extensions.StoreConflictException;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What every {@code ramal extensions} subcommand shares: the store opened and closed around the
 * run, one error line and exit code per kind of failure, and the ways rows are printed.
 */
abstract class StoreCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final StoreOpener opener;

    @Spec
    CommandSpec spec;

    StoreCommand(StoreOpener opener) {
        this.opener = opener;
    }

    @Override
    public final Integer call() {
        try (ExtensionStore store = opener.open()) {
            int code = run(store);
            out().flush();
            return code;
        } catch (IllegalArgumentException | StoreConflictException e) {
            spec.commandLine().getErr().println("ramal extensions: " + LogText.escape(e.getMessage(), 1024));
            return ExtensionsCommand.INVALID;
        } catch (StoreException e) {
            spec.commandLine().getErr().println("ramal extensions: " + LogText.escape(e.getMessage(), 1024));
            return ExtensionsCommand.STORE_ERROR;
        }
    }

    /** The subcommand's work; its output goes to {@link #out()}. */
    abstract int run(ExtensionStore store) throws StoreException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The refusal of an unknown name. */
    /** Refuses a bind address that would only fail at the gateway: a host name that does not resolve. */
    static void checkResolvable(io.ramal.extensions.Extension e) {
        String why = io.ramal.extensions.BindAddress.unresolvable(e.bind());
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    static IllegalArgumentException noSuch(ExtensionStore store, String ramal) {
        return new IllegalArgumentException("ramal " + ramal + " does not exist in " + store.describe());
    }

    /** The entry as stored, refused or not. */
    static Map<String, Object> existing(ExtensionStore store, String ramal) throws StoreException {
        return store.entry(ramal).orElseThrow(() -> noSuch(store, ramal));
    }

    /**
     * Enables or disables an entry, then says so, with a note when the entry is refused and so
     * does not listen whatever its state.
     */
    void setEnabled(ExtensionStore store, String ramal, boolean on) throws StoreException {
        if (!store.setEnabled(ramal, on)) {
            throw noSuch(store, ramal);
        }
        out().println((on ? "enabled" : "disabled") + " ramal " + LogText.escape(ramal));
        Optional<RejectedExtension> refused = store.load().rejected().stream()
                .filter(r -> r.ramal().equals(ramal)).findFirst();
        refused.ifPresent(r -> out().println("note: ramal " + LogText.escape(ramal)
                + " is refused, so it does not listen: " + LogText.escape(r.reason(), 1024)));
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A valid extension as a row: its entry and its state. */
    static Map<String, Object> row(Extension e) {
        Map<String, Object> m = ExtensionParser.toEntry(e);
        m.put("state", e.enabled() ? "enabled" : "disabled");
        return m;
    }

    /** A refused entry: its fields as stored (when {@code raw} is known), then why it is refused. */
    static Map<String, Object> row(RejectedExtension r, Map<String, Object> raw) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ramal", r.ramal());
        if (raw != null) {
            raw.forEach((k, v) -> {
                if (!k.equals("ramal") && v != null) {
                    m.put(k, v);
                }
            });
        }
        m.put("enabled", r.enabled());
        m.put("state", "refused");
        m.put("reason", r.reason());
        return m;
    }

    /** Rows as columns padded to their widest cell; the last column is not padded; cells escaped. */
    static void printTable(PrintWriter out, List<String[]> raw) {
        List<String[]> rows = raw.stream().map(r -> Arrays.stream(r).map(c -> LogText.escape(c, 1024))
                .toArray(String[]::new)).toList();
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols - 1; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                sb.append(i < cols - 1 ? String.format("%-" + (w[i] + 2) + "s", r[i]) : r[i]);
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
