package io.ramal.extensions;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code db:} section: the PostgreSQL database that holds the extensions. An empty URL
 * means no database (the extensions file is used). The password never appears in logs:
 * {@link #toString()} and {@link #maskedUrl()} hide it, also when it is written into the URL.
 *
 * @param url            JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/ramal}; empty = none
 * @param user           user name
 * @param password       password, may be empty
 * @param poolSize       HikariCP maximum pool size
 * @param connectTimeout how long to wait for a connection
 * @param schema         the schema of the tables
 */
public record DbConfig(String url, String user, String password, int poolSize, Duration connectTimeout,
                       String schema) {

    /** {@code password=PW} as a parameter ({@code ?}, {@code &} or {@code ;}), and {@code sslpassword=}. */
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;\\s]*");
    /**
     * {@code //user:PW@host} in any scheme ({@code jdbc:postgresql:}, {@code postgres:},
     * {@code postgresql:}): up to the last {@code @} of the token, so a password holding
     * {@code @} or {@code /} is hidden whole (an {@code @} later in the URL hides more than needed,
     * never less).
     */
    private static final Pattern USERINFO = Pattern.compile("(//[^/?#\\s:]*:)\\S*@");
    /** {@code //user@host}: no password, but the driver would read the user as the host. */
    private static final Pattern ANY_USERINFO = Pattern.compile("//[^/?#\\s]*@");

    /** No database: the extensions file is the store. */
    public static final DbConfig DEFAULTS = from(Map.of());

    public DbConfig {
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("db.url=" + maskUrl(url)
                    + " is invalid, allowed: a jdbc:postgresql: URL, or empty for no database");
        }
        // The driver does not read user:password@ (it takes the user for the host and logs the
        // password as a bad port): refuse it here, before the URL reaches the driver.
        if (ANY_USERINFO.matcher(url).find()) {
            throw new IllegalArgumentException("db.url=" + maskUrl(url) + " is invalid: it holds a user (and"
                    + " password) before @; set db.user, and the password in RAMAL_DB_PASSWORD, instead");
        }
        // Lower case only: PostgreSQL folds unquoted names, Flyway quotes them; they must agree.
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("db.schema=" + schema
                    + " is invalid, allowed: a lower-case identifier (a-z, 0-9, _; up to 63)");
        }
        if (user.isEmpty() && !url.isEmpty()) {
            throw new IllegalArgumentException("db.user is empty, allowed: the database user's name");
        }
    }

    /** Reads the section; missing keys take their defaults, unknown keys are refused. */
    public static DbConfig from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("db", values);
        DbConfig c = new DbConfig(s.string("url", ""), s.string("user", "postgres"), s.string("password", ""),
                s.integer("pool-size", 4, 1, 100),
                s.duration("connect-timeout", Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofMinutes(5)),
                s.string("schema", "public"));
        s.finish();
        return c;
    }

    /** True when a database is configured. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The URL with any password in it replaced by {@code ****}. */
    public String maskedUrl() {
        return maskUrl(url);
    }

    /**
     * {@code text} with every password in a URL replaced by {@code ****}: {@code //user:PW@},
     * {@code password=PW} and {@code sslpassword=PW}, wherever they stand in the text (a URL, or
     * a driver's message that quotes one). The one masking function: everything that prints a
     * URL goes through it or through {@link #scrub(String)}.
     */
    public static String maskUrl(String text) {
        if (text == null) {
            return null;
        }
        String m = PASSWORD_IN_URL.matcher(text).replaceAll("$1****");
        return USERINFO.matcher(m).replaceAll("$1****@");
    }

    /**
     * A message about this database made safe to print: the URL's passwords masked, this
     * configuration's password hidden wherever it appears (a driver may quote it), control
     * characters escaped ({@link LogText}).
     */
    public String scrub(String message) {
        if (message == null) {
            return "";
        }
        String m = message;
        if (!url.isEmpty()) {
            m = m.replace(url, maskedUrl());
        }
        if (password.length() >= 4) {
            m = m.replace(password, "****");
        }
        return LogText.escape(maskUrl(m), 1024);
    }

    /** This configuration with another schema (tests give each run its own). */
    public DbConfig withSchema(String other) {
        return new DbConfig(url, user, password, poolSize, connectTimeout, other);
    }

    @Override
    public String toString() {
        return "DbConfig[url=" + maskedUrl() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", poolSize=" + poolSize + ", connectTimeout=" + Units.format(connectTimeout) + ", schema=" + schema + "]";
    }
}
