package io.ramal.extensions;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one section of configuration (a map of kebab-case keys to JSON-like values) into typed
 * values, applying defaults for missing keys and naming the key, the value and what is allowed
 * when a value is wrong. {@link #finish()} rejects the keys nobody asked for, so a typo stops
 * start-up instead of being silently ignored. Used by every configuration record's
 * {@code from(Map)}.
 */
public final class ConfigSection {

    private final String name;
    private final Map<String, ?> values;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param name   the section's name, such as {@code call}, prefixed to every key in messages
     * @param values the section's entries; null for an absent section
     */
    public ConfigSection(String name, Map<String, ?> values) {
        this.name = name;
        this.values = values == null ? Map.of() : values;
    }

    /** The full name of a key, such as {@code call.idle-timeout}. */
    public String key(String key) {
        return name.isEmpty() ? key : name + "." + key;
    }

    /** The raw value of a key, or null. */
    public Object raw(String key) {
        known.add(key);
        return values.get(key);
    }

    public String string(String key, String fallback) {
        Object v = raw(key);
        return v == null ? fallback : v.toString();
    }

    public boolean bool(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes") || s.equals("1")) {
            return true;
        }
        if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no") || s.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException(key(key) + "=" + v + " is invalid, allowed: true or false");
    }

    /** An integer within {@code min..max}. */
    public int integer(String key, int fallback, int min, int max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        long n;
        if (v instanceof Number num && num.doubleValue() == num.longValue()) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key(key) + "=" + v + " is not a whole number, allowed: "
                        + min + ".." + max, e);
            }
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key(key) + "=" + v + " is out of range, allowed: " + min + ".." + max);
        }
        return (int) n;
    }

    /** A duration such as {@code 5s} (see {@link Units#duration}) within {@code min..max}. */
    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        Duration d = Units.duration(key(key), v);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(key(key) + "=" + v + " is out of range, allowed: "
                    + Units.format(min) + ".." + Units.format(max));
        }
        return d;
    }

    /** A size in bytes such as {@code 1MiB} (see {@link Units#bytes}). */
    public int bytes(String key, int fallback) {
        Object v = raw(key);
        return v == null ? fallback : Units.bytes(key(key), v);
    }

    /** A nested section. */
    @SuppressWarnings("unchecked")
    public ConfigSection section(String key) {
        Object v = raw(key);
        if (v != null && !(v instanceof Map)) {
            throw new IllegalArgumentException(key(key) + " must be a section (key: value lines), found " + v);
        }
        return new ConfigSection(key(key), (Map<String, ?>) v);
    }

    /** The raw map of a nested section, empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object v = raw(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(key(key) + " must be a section (key: value lines), found " + v);
        }
        return (Map<String, Object>) v;
    }

    /**
     * Rejects the keys that were not read.
     *
     * @throws IllegalArgumentException naming the unknown keys and the known ones
     */
    public void finish() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().map(this::key).toList() + ", known keys: "
                    + known.stream().map(this::key).toList());
        }
    }
}
