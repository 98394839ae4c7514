package io.ramal.extensions.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.RejectedExtension;
import io.ramal.extensions.StoreConflictException;
import io.ramal.extensions.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code ramal extensions list|show|add|update|enable|disable|remove}: edits the configured
 * store (database or file) with the same validation the gateway applies, so an entry the admin
 * adds is one the gateway will serve. Exit codes: 0 done, 1 store error, 2 invalid input.
 */
@Command(name = "extensions", mixinStandardHelpOptions = true,
        description = "List and edit extensions in the configured store (database or file); the gateway follows.")
public final class ExtensionsCommand {

    /** Exit code of invalid input. */
    public static final int INVALID = 2;
    /** Exit code of a store that cannot be read or written. */
    public static final int STORE_ERROR = 1;

    private final StoreOpener opener;

    private ExtensionsCommand(StoreOpener opener) {
        this.opener = opener;
    }

    /** The command with its subcommands, ready to add under {@code ramal}. */
    public static CommandLine commandLine(StoreOpener opener) {
        return commandLine(opener, LiveStates.NONE);
    }

    /** The command, with {@code list} showing the running gateway's states from {@code live}. */
    public static CommandLine commandLine(StoreOpener opener, LiveStates live) {
        return commandLine(opener, live, e -> { });
    }

    /**
     * The command, with {@code add}, {@code update} and {@code enable} also running {@code check}:
     * the gateway's own check of each mode's settings, so that a typo is refused here rather than
     * at bind.
     *
     * @param check throws {@link IllegalArgumentException} saying what is wrong
     */
    public static CommandLine commandLine(StoreOpener opener, LiveStates live, Consumer<Extension> check) {
        CommandLine cl = new CommandLine(new ExtensionsCommand(opener));
        cl.addSubcommand(new ListCommand(opener, live));
        cl.addSubcommand(new ShowCommand(opener));
        cl.addSubcommand(new AddCommand(opener, check));
        cl.addSubcommand(new UpdateCommand(opener, check));
        cl.addSubcommand("enable", new EnableCommand(opener, true, check));
        cl.addSubcommand("disable", new EnableCommand(opener, false, check)); // runs it only to enable
        cl.addSubcommand(new RemoveCommand(opener));
        return cl;
    }

    /** Shared by the subcommands: the store, output, and error handling. */
    abstract static class Base implements Callable<Integer> {
        final StoreOpener opener;

        @Spec
        CommandSpec spec;

        Base(StoreOpener opener) {
            this.opener = opener;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public final Integer call() {
            try (ExtensionStore store = opener.open()) {
                return run(store);
            } catch (IllegalArgumentException | StoreConflictException e) {
                spec.commandLine().getErr().println("ramal extensions: " + e.getMessage());
                return INVALID;
            } catch (StoreException e) {
                spec.commandLine().getErr().println("ramal extensions: " + e.getMessage());
                return STORE_ERROR;
            }
        }

        abstract int run(ExtensionStore store) throws StoreException;

        /** The entry as stored, refused or not. */
        static Map<String, Object> existing(ExtensionStore store, String ramal) throws StoreException {
            return store.entry(ramal).orElseThrow(() ->
                    new IllegalArgumentException("ramal " + ramal + " does not exist in " + store.describe()));
        }

        void printJson(Object value) {
            try {
                out().println(JSON.writeValueAsString(value));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
            }
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every extension, refused ones with their reason.")
    static final class ListCommand extends Base {
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
            if (json) {
                printJson(rows);
            } else {
                List<String[]> table = new ArrayList<>();
                table.add(new String[] {"RAMAL", "ADDRESS", "MODE", "ENABLED", "LISTENER", "DESCRIPTION / REASON"});
                for (Extension e : s.extensions()) {
                    LiveStates.State st = states.get(e.ramal());
                    String reason = st != null && st.reason() != null ? st.reason() : e.description();
                    table.add(new String[] {e.ramal(), e.address(), e.mode().wireName(), e.enabled() ? "yes" : "no",
                            st == null ? "-" : st.state(), reason});
                }
                for (RejectedExtension r : s.rejected()) {
                    table.add(new String[] {r.ramal(), "-", "-", r.enabled() ? "yes" : "no", "REFUSED", r.reason()});
                }
                printTable(out(), table);
                out().println(s.extensions().size() + " extension(s), " + s.rejected().size() + " refused, from "
                        + store.describe() + (states.isEmpty() ? "; no running gateway answered for LISTENER" : ""));
            }
            out().flush();
            return 0;
        }
    }

    static void printTable(PrintWriter out, List<String[]> rows) {
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one extension.")
    static final class ShowCommand extends Base {
        @Parameters(paramLabel = "RAMAL")
        String ramal;

        @Option(names = "--json", description = "JSON for scripts.")
        boolean json;

        ShowCommand(StoreOpener opener) {
            super(opener);
        }

        @Override
        int run(ExtensionStore store) throws StoreException {
            ExtensionSnapshot s = store.load();
            Optional<Extension> e = s.extensions().stream().filter(x -> x.ramal().equals(ramal)).findFirst();
            Map<String, Object> row;
            if (e.isPresent()) {
                row = row(e.get());
            } else {
                Optional<RejectedExtension> r = s.rejected().stream().filter(x -> x.ramal().equals(ramal)).findFirst();
                if (r.isEmpty()) {
                    throw new IllegalArgumentException("ramal " + ramal + " does not exist in " + store.describe());
                }
                row = row(r.get(), store.entry(ramal).orElse(null));
            }
            if (json) {
                printJson(row);
            } else {
                row.forEach((k, v) -> out().printf("%-12s %s%n", k + ":", v));
            }
            out().flush();
            return 0;
        }
    }

    /** The options of add and update. */
    static final class EntryOptions {
        @Option(names = "--port", description = "TCP port, 1..65535.")
        Integer port;

        @Option(names = "--mode", description = "echo, ai, queue or agent.")
        String mode;

        @Option(names = "--bind", description = "Address to bind (default: 127.0.0.1 in files, 0.0.0.0 in the database).")
        String bind;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting of the mode, e.g. --set queue=suporte (repeatable).")
        List<String> settings = new ArrayList<>();

        @Option(names = "--tuning", paramLabel = "KEY=VALUE", description = "A socket tuning override, e.g. --tuning receive-buffer=2MiB.")
        List<String> tuning = new ArrayList<>();

        @Option(names = "--description", description = "Free text for people.")
        String description;

        @Option(names = "--disabled", description = "Add it disabled.")
        boolean disabled;

        /** The entry with these options laid over {@code base} (null to start empty). */
        Map<String, Object> apply(Map<String, Object> base, String ramal) {
            Map<String, Object> m = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
            m.put("ramal", ramal);
            if (port != null) {
                m.put("port", port);
            }
            if (mode != null) {
                m.put("mode", mode);
            }
            if (bind != null) {
                m.put("bind", bind);
            }
            if (description != null) {
                m.put("description", description);
            }
            if (disabled) {
                m.put("enabled", false);
            }
            if (!settings.isEmpty()) {
                Map<String, Object> into = asMap(m.get("settings"));
                for (Map.Entry<String, Object> kv : pairs("--set", settings, new LinkedHashMap<>()).entrySet()) {
                    putPath(into, kv.getKey(), kv.getValue());
                }
                m.put("settings", into);
            }
            if (!tuning.isEmpty()) {
                m.put("tuning", pairs("--tuning", tuning, asMap(m.get("tuning"))));
            }
            return m;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> asMap(Object o) {
            return o instanceof Map ? new LinkedHashMap<>((Map<String, Object>) o) : new LinkedHashMap<>();
        }

        /** {@code fallback.transfer=x} sets {@code transfer} inside the {@code fallback} map. */
        private static void putPath(Map<String, Object> into, String key, Object value) {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                into.put(key, value);
                return;
            }
            Map<String, Object> inner = asMap(into.get(key.substring(0, dot)));
            putPath(inner, key.substring(dot + 1), value);
            into.put(key.substring(0, dot), inner);
        }

        private static Map<String, Object> pairs(String option, List<String> kvs, Map<String, Object> into) {
            for (String kv : kvs) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(option + " " + kv + " is invalid, expected KEY=VALUE");
                }
                String key = kv.substring(0, eq);
                String value = kv.substring(eq + 1);
                // A comma list is a list (agent queues): --set queues=suporte,vendas
                into.put(key, value.contains(",") ? List.of(value.split(",")) : value);
            }
            return into;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an extension.")
    static final class AddCommand extends Base {
        @Option(names = "--ramal", required = true, description = "The extension's name, e.g. 2001.")
        String ramal;

        @CommandLine.Mixin
        EntryOptions options = new EntryOptions();

        private final Consumer<Extension> check;

        AddCommand(StoreOpener opener, Consumer<Extension> check) {
            super(opener);
            this.check = check;
        }

        @Override
        int run(ExtensionStore store) throws StoreException {
            Map<String, Object> m = options.apply(null, ramal);
            Extension e = ExtensionParser.parseOrThrow(m, store.defaultBind());
            check.accept(e);
            store.add(e);
            out().println("added ramal " + e.ramal() + " on " + e.address() + " mode " + e.mode().wireName());
            out().flush();
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an extension; unnamed fields keep their value.")
    static final class UpdateCommand extends Base {
        @Parameters(paramLabel = "RAMAL")
        String ramal;

        @CommandLine.Mixin
        EntryOptions options = new EntryOptions();

        private final Consumer<Extension> check;

        UpdateCommand(StoreOpener opener, Consumer<Extension> check) {
            super(opener);
            this.check = check;
        }

        @Override
        int run(ExtensionStore store) throws StoreException {
            // Laid over the entry as stored, so a refused entry can be repaired in place.
            Map<String, Object> current = existing(store, ramal);
            Extension e = ExtensionParser.parseOrThrow(options.apply(current, ramal), store.defaultBind());
            check.accept(e);
            store.update(e);
            out().println("updated ramal " + e.ramal() + " on " + e.address() + " mode " + e.mode().wireName());
            out().flush();
            return 0;
        }
    }

    @Command(description = "Enable or disable an extension.", mixinStandardHelpOptions = true)
    static final class EnableCommand extends Base {
        @Parameters(paramLabel = "RAMAL")
        String ramal;

        private final boolean enable;
        private final Consumer<Extension> check;

        EnableCommand(StoreOpener opener, boolean enable, Consumer<Extension> check) {
            super(opener);
            this.enable = enable;
            this.check = check;
        }

        @Override
        int run(ExtensionStore store) throws StoreException {
            if (enable) {
                // A row written around the CLI (SQL, an edited file) may hold settings the gateway
                // would refuse at bind: say so now and leave it as it is.
                Optional<Extension> stored = store.get(ramal);
                if (stored.isPresent()) {
                    check.accept(stored.get());
                }
            }
            if (!store.setEnabled(ramal, enable)) {
                throw new IllegalArgumentException("ramal " + ramal + " does not exist in " + store.describe());
            }
            out().println((enable ? "enabled" : "disabled") + " ramal " + ramal);
            Optional<RejectedExtension> refused = store.load().rejected().stream()
                    .filter(r -> r.ramal().equals(ramal)).findFirst();
            refused.ifPresent(r -> out().println("note: ramal " + ramal + " is refused, so it does not listen: "
                    + r.reason()));
            out().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an extension; its calls in progress finish.")
    static final class RemoveCommand extends Base {
        @Parameters(paramLabel = "RAMAL")
        String ramal;

        RemoveCommand(StoreOpener opener) {
            super(opener);
        }

        @Override
        int run(ExtensionStore store) throws StoreException {
            if (!store.remove(ramal)) {
                throw new IllegalArgumentException("ramal " + ramal + " does not exist in " + store.describe());
            }
            out().println("removed ramal " + ramal);
            out().flush();
            return 0;
        }
    }
}
