package io.ramal.bench;

import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.gateway.Gateway;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of every module, checked on its compiled classes with the JDK's {@code jdeps}: no
 * packages of Ramal that depend on each other in a loop (directly or through others), and
 * {@code audio} and {@code extensions} import nothing of the gateway or of Netty. Bench sees every
 * module on its class path, so this one test checks all four; each module's classes are found
 * where one of its classes was loaded from (its {@code target/classes} or its jar).
 */
class PackageCyclesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");

    @Test
    void noPackagesDependOnEachOtherInALoop() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path module : modules()) {
            dependencies(module).forEach((from, to) -> graph.computeIfAbsent(from, k -> new TreeSet<>()).addAll(
                    to.stream().filter(p -> p.startsWith("io.ramal.")).collect(Collectors.toSet())));
        }
        assertTrue(graph.containsKey("io.ramal.gateway.call") && graph.containsKey("io.ramal.bench"),
                "jdeps saw the modules' packages: " + graph.keySet());
        List<String> found = new ArrayList<>();
        for (Set<String> c : cycles(graph)) {
            found.add(describe(c, graph));
        }
        assertTrue(found.isEmpty(), "packages that depend on each other in a loop:\n" + String.join("\n", found));
    }

    @Test
    void audioAndExtensionsImportNothingOfTheGatewayOrNetty() {
        for (Path module : List.of(classesOf(AudioFormat.class), classesOf(Extension.class))) {
            List<String> wrong = new ArrayList<>();
            dependencies(module).forEach((from, to) -> to.stream()
                    .filter(p -> p.startsWith("io.ramal.gateway") || p.startsWith("io.netty"))
                    .forEach(p -> wrong.add(from + " -> " + p)));
            assertEquals(List.of(), wrong, module + " must not reach the gateway or Netty");
        }
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of(), "e", Set.of("e"));
        List<Set<String>> cycles = cycles(g);
        assertEquals(List.of(Set.of("a", "b", "c")), cycles);
        String d = describe(cycles.get(0), g);
        assertTrue(d.contains("a -> b") && d.contains("b -> c") && d.contains("c -> a") && !d.contains("d"), d);
    }

    private static List<Path> modules() {
        return List.of(classesOf(AudioFormat.class), classesOf(Extension.class), classesOf(Gateway.class),
                classesOf(LoadGenerator.class));
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Package to the packages it depends on, for the classes at {@code module}, as jdeps sees them. */
    private static Map<String, Set<String>> dependencies(Path module) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is not in this JDK (jdk.jdeps)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "--multi-release", "17",
                module.toString());
        assertEquals(0, rc, "jdeps " + module + ": " + err);
        Map<String, Set<String>> deps = new HashMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && m.group(1).startsWith("io.ramal")) {
                deps.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return deps;
    }

    /** Every set of two or more packages that reach each other (Tarjan's strongly connected components). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Tarjan t = new Tarjan(graph);
        new TreeSet<>(graph.keySet()).forEach(v -> {
            if (!t.index.containsKey(v)) {
                t.visit(v);
            }
        });
        return t.components;
    }

    /** The edges inside one cycle, one per line, so the message says which imports close the loop. */
    static String describe(Set<String> cycle, Map<String, Set<String>> graph) {
        StringBuilder b = new StringBuilder(new TreeSet<>(cycle).toString());
        for (String from : new TreeSet<>(cycle)) {
            for (String to : new TreeSet<>(graph.getOrDefault(from, Set.of()))) {
                if (cycle.contains(to) && !to.equals(from)) {
                    b.append("\n  ").append(from).append(" -> ").append(to);
                }
            }
        }
        return b.toString();
    }

    private static final class Tarjan {
        final Map<String, Set<String>> graph;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> c = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    c.add(w);
                } while (!w.equals(v));
                if (c.size() > 1) {
                    components.add(Set.copyOf(c));
                }
            }
        }
    }
}
