package io.ramal.extensions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that turns an entry (a map from the YAML file, or a database row as a map)
 * into an {@link Extension}, or into a {@link RejectedExtension} whose reason names the key,
 * the value and what is allowed. Both stores and the admin CLI use it, so a bad entry is refused
 * the same way wherever it comes from; one bad entry never stops the others. The mode's
 * settings are parsed here too, by the mode's parser in the {@link ModeSettingsRegistry} given.
 */
public final class ExtensionParser {

    /** The keys of an extension's {@code tuning} object (and of the {@code listener:} section). */
    public static final List<String> TUNING_KEYS = List.of("backlog", "reuse-address", "receive-buffer",
            "send-buffer", "tcp-nodelay", "write-buffer-low", "write-buffer-high");

    /** The longest {@code description}, in characters (the database checks the same). */
    public static final int MAX_DESCRIPTION = 1024;

    /** The largest {@code settings}, in bytes of compact JSON (the database allows twice: jsonb prints wider). */
    public static final int MAX_SETTINGS_BYTES = 65_536;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExtensionParser() {
    }

    /**
     * Parses every entry. A later entry with a name already used is refused; so is a later
     * enabled entry on an address an earlier enabled entry holds (a disabled entry binds nothing,
     * so it may share an address: a replacement prepared in advance).
     *
     * @param entries     the entries in the store's order
     * @param defaultBind the bind address of entries that name none
     * @param modes       the parser of each mode's settings
     */
    public static ExtensionSnapshot parseAll(List<Map<String, Object>> entries, String defaultBind,
                                             ModeSettingsRegistry modes) {
        List<Extension> ok = new ArrayList<>();
        List<RejectedExtension> bad = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> addresses = new HashMap<>();
        int index = 0;
        for (Map<String, Object> entry : entries) {
            index++;
            Object r = parse(entry, defaultBind, index, modes);
            if (r instanceof RejectedExtension rej) {
                bad.add(rej);
                continue;
            }
            Extension e = (Extension) r;
            if (!names.add(e.ramal())) {
                bad.add(new RejectedExtension(e.ramal(), "ramal " + e.ramal() + " is defined twice", e.enabled()));
                continue;
            }
            if (e.enabled()) {
                String holder = addresses.putIfAbsent(e.address(), e.ramal());
                if (holder != null) {
                    bad.add(new RejectedExtension(e.ramal(), "address " + e.address()
                            + " is already used by ramal " + holder, true));
                    continue;
                }
            }
            ok.add(e);
        }
        return new ExtensionSnapshot(ok, bad);
    }

    /**
     * Parses one entry.
     *
     * @return an {@link Extension} or a {@link RejectedExtension}
     */
    public static Object parse(Map<String, Object> entry, String defaultBind, int index, ModeSettingsRegistry modes) {
        Object name = entry == null ? null : entry.get("ramal");
        // A refused name is shown in logs and tables as it is kept here: escaped and bounded.
        String ramal = name == null || name.toString().isBlank() ? "#" + index : LogText.escape(name, 64);
        try {
            return parseOrThrow(entry, defaultBind, modes);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new RejectedExtension(ramal, e.getMessage(), !explicitlyDisabled(entry),
                    e instanceof SettingsRefused);
        }
    }

    /** True when a (possibly broken) entry says {@code enabled: false} in a form we can read. */
    private static boolean explicitlyDisabled(Map<String, Object> entry) {
        Object v = entry == null ? null : entry.get("enabled");
        return Boolean.FALSE.equals(v) || v != null && List.of("false", "no", "0")
                .contains(v.toString().trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Parses one entry.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Extension parseOrThrow(Map<String, Object> entry, String defaultBind, ModeSettingsRegistry modes) {
        if (entry == null) {
            throw new IllegalArgumentException("entry is empty");
        }
        ConfigSection s = new ConfigSection("", entry);
        Object ramalValue = s.raw("ramal");
        String ramal = ramalValue == null ? null : ramalValue.toString();
        String bind = s.string("bind", defaultBind);
        int port = s.integer("port", 0, 1, 65535);
        if (s.raw("port") == null) {
            throw new IllegalArgumentException("port is missing, allowed: 1..65535");
        }
        String modeName = s.string("mode", null);
        if (modeName == null) {
            throw new IllegalArgumentException("mode is missing, allowed: " + Mode.allowed());
        }
        Mode mode = Mode.parse(modeName);
        Map<String, Object> settings = s.map("settings");
        TuningOverrides tuning = parseTuning(s.map("tuning"));
        boolean enabled = s.bool("enabled", true);
        String description = s.string("description", "");
        SourceAllowlist allow = s.raw("allow") == null ? null : SourceAllowlist.parse("allow", s.raw("allow"));
        int maxCalls = s.integer("max-calls", 0, 0, Extension.MAX_CALLS_LIMIT);
        List<String> nodes = NodeNames.parse("nodes", s.raw("nodes"));
        s.finish();
        checkSizes(description, settings);
        // The entry's own fields first, so that a refusal of the settings alone can say so.
        Extension unparsed = new Extension(ramal, bind, port, mode, settings, tuning, enabled, description, UNPARSED,
                allow, maxCalls, nodes);
        ModeSettings typed;
        try {
            typed = modes.parse(mode, unparsed.settings());
        } catch (IllegalArgumentException e) {
            throw new SettingsRefused(e);
        }
        return unparsed.withModeSettings(typed);
    }

    /**
     * Bounds the free-form fields: a row is kept in memory, in the cache file and in every
     * listing, so a megabyte of description is a mistake or an attack, never a need.
     */
    private static void checkSizes(String description, Map<String, Object> settings) {
        // Characters as PostgreSQL counts them (code points), so both refuse the same text.
        int chars = description.codePointCount(0, description.length());
        if (chars > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is " + chars + " characters long, allowed: at most "
                    + MAX_DESCRIPTION);
        }
        if (settings == null || settings.isEmpty()) {
            return;
        }
        int size;
        try {
            size = JSON.writeValueAsBytes(settings).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("settings cannot be written as JSON: " + LogText.escape(e.getMessage()));
        }
        if (size > MAX_SETTINGS_BYTES) {
            throw new IllegalArgumentException("settings are " + size + " bytes as JSON, allowed: at most "
                    + MAX_SETTINGS_BYTES + " (64 KiB)");
        }
    }

    /** Stands in for the typed settings while the entry's own fields are checked. */
    private static final ModeSettings UNPARSED = new FormatOnly(CallFormat.SLIN);

    /** A refusal by the mode's settings parser, with its message: the rest of the entry is valid. */
    private static final class SettingsRefused extends IllegalArgumentException {
        SettingsRefused(IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Parses socket tuning overrides; sizes accept units ({@code 1MiB}).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static TuningOverrides parseTuning(Map<String, ?> values) {
        return parseTuning("tuning", values);
    }

    /** {@link #parseTuning(Map)} with {@code section} naming the keys in messages, e.g. {@code listener}. */
    public static TuningOverrides parseTuning(String section, Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return TuningOverrides.NONE;
        }
        ConfigSection s = new ConfigSection(section, values);
        TuningOverrides t = new TuningOverrides(
                s.raw("backlog") == null ? null : s.integer("backlog", 0, 1, 65535),
                s.raw("reuse-address") == null ? null : s.bool("reuse-address", true),
                s.raw("receive-buffer") == null ? null : s.bytes("receive-buffer", 0),
                s.raw("send-buffer") == null ? null : s.bytes("send-buffer", 0),
                s.raw("tcp-nodelay") == null ? null : s.bool("tcp-nodelay", true),
                s.raw("write-buffer-low") == null ? null : s.bytes("write-buffer-low", 0),
                s.raw("write-buffer-high") == null ? null : s.bytes("write-buffer-high", 0));
        s.finish();
        // The merged values must hold together (low <= high...): check against the defaults.
        SocketTuning.DEFAULTS.with(t);
        return t;
    }

    /** An extension as an entry map, the inverse of {@link #parseOrThrow}: for files and the cache. */
    public static Map<String, Object> toEntry(Extension e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ramal", e.ramal());
        m.put("bind", e.bind());
        m.put("port", e.port());
        m.put("mode", e.mode().wireName());
        if (!e.settings().isEmpty()) {
            m.put("settings", e.settings());
        }
        Map<String, Object> t = tuningEntry(e.tuning());
        if (!t.isEmpty()) {
            m.put("tuning", t);
        }
        if (e.allow() != null) {
            m.put("allow", e.allow().entries());
        }
        if (e.maxCalls() > 0) {
            m.put("max-calls", e.maxCalls());
        }
        if (!e.nodes().isEmpty()) {
            m.put("nodes", e.nodes());
        }
        m.put("enabled", e.enabled());
        if (!e.description().isEmpty()) {
            m.put("description", e.description());
        }
        return m;
    }

    /** Tuning overrides as a map of their kebab-case keys, only the ones set. */
    public static Map<String, Object> tuningEntry(TuningOverrides t) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "backlog", t.backlog());
        put(m, "reuse-address", t.reuseAddress());
        put(m, "receive-buffer", t.receiveBuffer());
        put(m, "send-buffer", t.sendBuffer());
        put(m, "tcp-nodelay", t.tcpNoDelay());
        put(m, "write-buffer-low", t.writeBufferLow());
        put(m, "write-buffer-high", t.writeBufferHigh());
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
