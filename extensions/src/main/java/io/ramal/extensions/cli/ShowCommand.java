package io.ramal.extensions.cli;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.LogText;
import io.ramal.extensions.RejectedExtension;
import io.ramal.extensions.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.Optional;

/** {@code ramal extensions show RAMAL}: one entry, a refused one with its fields as stored. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one extension.")
final class ShowCommand extends StoreCommand {

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
            RejectedExtension r = s.rejected().stream().filter(x -> x.ramal().equals(ramal)).findFirst()
                    .orElseThrow(() -> noSuch(store, ramal));
            row = row(r, store.entry(ramal).orElse(null));
        }
        if (json) {
            printJson(row);
        } else {
            // Settings may hold up to 64 KiB: escaped, not cut.
            row.forEach((k, v) -> out().printf("%-12s %s%n", k + ":", LogText.escape(v, Integer.MAX_VALUE)));
        }
        return 0;
    }
}
