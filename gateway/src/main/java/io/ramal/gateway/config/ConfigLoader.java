package io.ramal.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ramal.extensions.DbConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place configuration is read: the YAML file, then environment variables
 * ({@code RAMAL_<SECTION>_<KEY>}, such as {@code RAMAL_STATUS_INTERVAL=1s} for
 * {@code status.interval}), then command-line {@code -D section.key=value} flags, each
 * overriding the one before; the result is validated into a {@link RamalConfig}. Invalid
 * configuration stops start-up with a message naming the key, the value and what is allowed.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    /** Read when no file is named and it exists, relative to the home directory. */
    public static final Path DEFAULT_FILE = Path.of("config", "ramal.yaml");

    /**
     * Environment variables of the launcher, the tests and logging ({@code RAMAL_LOG_*}, read by
     * {@code config/logback.xml}), not configuration keys.
     */
    private static final List<String> NOT_KEYS = List.of("RAMAL_CONFIG", "RAMAL_HOME", "RAMAL_JAVA_OPTS",
            "RAMAL_JAR", "RAMAL_TEST_", "RAMAL_LOG_");

    private ConfigLoader() {
    }

    /**
     * Loads configuration.
     *
     * @param file  the file named on the command line, or null for {@code RAMAL_CONFIG} or
     *              {@link #DEFAULT_FILE} when it exists (else built-in defaults)
     * @param env   the environment, usually {@code System.getenv()}
     * @param flags {@code section.key=value} overrides from the command line
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RamalConfig load(Path file, Map<String, String> env, List<String> flags) {
        String homeEnv = env.get("RAMAL_HOME");
        Path home = homeEnv == null || homeEnv.isBlank() ? Path.of("").toAbsolutePath() : Path.of(homeEnv);
        Path path = file;
        if (path == null && env.get("RAMAL_CONFIG") != null && !env.get("RAMAL_CONFIG").isBlank()) {
            path = Path.of(env.get("RAMAL_CONFIG"));
        }
        Map<String, Object> tree;
        if (path != null) {
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("configuration file " + path + " does not exist");
            }
            tree = readYaml(path);
        } else if (Files.isRegularFile(home.resolve(DEFAULT_FILE))) {
            path = home.resolve(DEFAULT_FILE);
            tree = readYaml(path);
        } else {
            tree = new LinkedHashMap<>();
        }
        Set<String> sections = RamalConfig.SECTIONS;
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("RAMAL_") || NOT_KEYS.stream().anyMatch(name::startsWith)) {
                continue;
            }
            String rest = name.substring("RAMAL_".length()).toLowerCase(Locale.ROOT);
            String section = sections.stream().filter(s -> rest.startsWith(s.replace('-', '_') + "_"))
                    .findFirst().orElse(null);
            if (section == null) {
                throw new IllegalArgumentException("environment variable " + name
                        + " names no configuration section, known sections: " + sections);
            }
            String key = rest.substring(section.length() + 1).replace('_', '-');
            put(tree, section, key, e.getValue());
        }
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            int dot = flag.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new IllegalArgumentException("-D " + DbConfig.maskUrl(flag) + " is invalid, expected section.key=value");
            }
            String section = flag.substring(0, dot);
            if (!sections.contains(section)) {
                throw new IllegalArgumentException("-D " + DbConfig.maskUrl(flag) + " names unknown section " + section
                        + ", known sections: " + sections);
            }
            put(tree, section, flag.substring(dot + 1, eq), flag.substring(eq + 1));
        }
        RamalConfig config = RamalConfig.from(tree).withHome(home);
        LOG.info("configuration loaded file={} home={}", path == null ? "(built-in defaults)" : path, home);
        return config;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String section, String key, String value) {
        Object s = tree.computeIfAbsent(section, k -> new LinkedHashMap<String, Object>());
        if (!(s instanceof Map)) {
            throw new IllegalArgumentException(section + " must be a section (key: value lines), found " + s);
        }
        ((Map<String, Object>) s).put(key, value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readYaml(Path path) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (InputStream in = Files.newInputStream(path)) {
            Object v = yaml.readValue(in, Object.class);
            if (v == null) {
                return new LinkedHashMap<>();
            }
            if (!(v instanceof Map)) {
                throw new IllegalArgumentException("configuration file " + path + " must be a map of sections");
            }
            return new LinkedHashMap<>((Map<String, Object>) v);
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration file " + path + " cannot be read: " + e.getMessage(), e);
        }
    }
}
