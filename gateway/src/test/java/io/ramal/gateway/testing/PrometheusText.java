package io.ramal.gateway.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every
 * sample must belong to a family declared by {@code # TYPE}, names and labels must be valid,
 * label values correctly escaped, values numbers, and no series may repeat. Anything else fails
 * the parse with the line number.
 */
public final class PrometheusText {

    /** One sample: metric name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the offending line. */
    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        String[] lines = text.split("\n", -1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    if (parts.length != 2 || !NAME.matcher(parts[0]).matches()
                            || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1])) {
                        throw new IllegalArgumentException("bad TYPE line");
                    }
                    if (p.types.put(parts[0], parts[1]) != null) {
                        throw new IllegalArgumentException("TYPE declared twice for " + parts[0]);
                    }
                } else if (line.startsWith("#")) {
                    continue; // HELP and comments
                } else {
                    Sample s = p.sample(line);
                    if (!seen.add(s.name() + s.labels())) {
                        throw new IllegalArgumentException("series repeated");
                    }
                    p.samples.add(s);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not valid exposition format: " + e.getMessage()
                        + ": " + line, e);
            }
        }
        return p;
    }

    private Sample sample(String line) {
        Matcher m = NAME.matcher(line);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("no metric name");
        }
        String name = m.group();
        int i = m.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher ln = LABEL_NAME.matcher(line).region(i, line.length());
                if (!ln.lookingAt()) {
                    throw new IllegalArgumentException("bad label name at " + i);
                }
                String label = ln.group();
                i = ln.end();
                if (line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
                    throw new IllegalArgumentException("expected =\" after label " + label);
                }
                i += 2;
                StringBuilder v = new StringBuilder();
                while (line.charAt(i) != '"') {
                    char c = line.charAt(i++);
                    if (c == '\\') {
                        char e = line.charAt(i++);
                        v.append(switch (e) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new IllegalArgumentException("bad escape \\" + e);
                        });
                    } else {
                        v.append(c);
                    }
                }
                i++;
                if (labels.put(label, v.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " repeated");
                }
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(i + 1).trim().split(" ");
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        if (rest.length > 2) {
            throw new IllegalArgumentException("trailing text");
        }
        if (family(name) == null) {
            throw new IllegalArgumentException("sample " + name + " has no # TYPE");
        }
        return new Sample(name, labels, value);
    }

    /** The family a sample name belongs to, or null. */
    private String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_count", "_sum", "_bucket")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    /** The declared type of a family. */
    public String type(String family) {
        return types.get(family);
    }

    /** Every sample. */
    public List<Sample> samples() {
        return samples;
    }

    /** The value of the sample {@code name} with exactly these labels; fails when absent. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels + " in " + samples)).value();
    }
}
