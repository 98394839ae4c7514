package io.ramal.extensions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of gateway nodes, as an extension's {@code nodes} list holds them and as a node calls
 * itself ({@code node.name}): 1 to {@value #MAX_LENGTH} of the characters {@code A-Z a-z 0-9 . _ -},
 * which covers a host name's first label and a short fully qualified one, and nothing that could
 * forge a log line or need quoting in a table. Compared exactly: {@code GW-A} and {@code gw-a} are
 * two nodes. The database checks the same (V6, {@code extensions_node_names}).
 */
public final class NodeNames {

    /** The longest node name, in characters: a DNS label's limit. */
    public static final int MAX_LENGTH = 63;

    /** The most names one extension may list: a row is kept in memory and printed in every listing. */
    public static final int MAX_NODES = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private static final String ALLOWED = "1-" + MAX_LENGTH + " of letters, digits and . _ -";

    private NodeNames() {
    }

    /** True when {@code name} is a valid node name. */
    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Checks one node name.
     *
     * @param key what the name is, for the message ({@code node.name}, {@code nodes entry})
     * @return {@code name}
     * @throws IllegalArgumentException naming the key, the value (escaped) and what is allowed
     */
    public static String check(String key, String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException(key + " '" + LogText.escape(name, 64) + "' is invalid, allowed: "
                    + ALLOWED);
        }
        return name;
    }

    /**
     * Parses a {@code nodes} value: a list of names, or one string of names separated by commas
     * (an option or an environment variable; blank parts are skipped, so {@code ""} is the empty
     * list). Null is the empty list.
     *
     * @param key the setting's name, for messages ({@code nodes})
     * @return the names, each checked, duplicates removed, in their first order; unmodifiable
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static List<String> parse(String key, Object value) {
        List<String> names = new ArrayList<>();
        if (value == null) {
            return List.of();
        } else if (value instanceof String one) {
            for (String part : one.split(",")) {
                if (!part.isBlank()) {
                    names.add(part.trim());
                }
            }
        } else if (value instanceof Collection<?> many) {
            for (Object o : many) {
                // A name of digits only (a node "2") reads from YAML as a number.
                if (!(o instanceof String) && !(o instanceof Integer) && !(o instanceof Long)) {
                    throw new IllegalArgumentException(key + " entry '" + LogText.escape(o, 64)
                            + "' is invalid, allowed: a node name of " + ALLOWED);
                }
                names.add(o.toString());
            }
        } else {
            throw new IllegalArgumentException(key + "=" + LogText.escape(value, 64)
                    + " is invalid, allowed: a list of node names such as [gw-a, gw-b], or one string of names"
                    + " separated by commas; empty for every node");
        }
        return copyOf(key, "", names);
    }

    /**
     * The names checked, duplicates removed and order kept.
     *
     * @param key   the list's name, for messages ({@code nodes})
     * @param owner whose list it is, for messages ({@code " of ramal 9000"}), or empty
     * @throws IllegalArgumentException naming the key and the first bad name, or the count
     */
    public static List<String> copyOf(String key, String owner, List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String n : names) {
            if (!valid(n)) {
                throw new IllegalArgumentException(key + " entry '" + LogText.escape(n, 64) + "'" + owner
                        + " is invalid, allowed: " + ALLOWED);
            }
            kept.add(n);
        }
        if (kept.size() > MAX_NODES) {
            throw new IllegalArgumentException(key + owner + " lists " + kept.size() + " nodes, allowed: at most "
                    + MAX_NODES);
        }
        return List.copyOf(kept);
    }
}
