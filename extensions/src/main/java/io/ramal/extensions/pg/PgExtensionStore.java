package io.ramal.extensions.pg;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.ExtensionStore;
import io.ramal.extensions.LogText;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreConflictException;
import io.ramal.extensions.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The extensions table in PostgreSQL, through a HikariCP pool. Migrations (Flyway) run when the
 * store opens. Changes are followed with LISTEN on a dedicated connection, outside the pool,
 * that is re-established with back-off when lost; when it comes back the manager is told to
 * reconcile, since notifications sent meanwhile are gone.
 */
public final class PgExtensionStore implements ExtensionStore {

    private static final Logger LOG = LoggerFactory.getLogger(PgExtensionStore.class);

    /** The NOTIFY channel of the extensions trigger. */
    public static final String CHANNEL = "ramal_extensions";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final DbConfig db;
    private final ModeSettingsRegistry modes;
    private final HikariDataSource pool;
    private final ObjectMapper json = new ObjectMapper();
    private final String table;
    private final String defaultBind;
    private volatile boolean migrated;
    private NotificationListener listener;

    /**
     * Opens the pool and applies the migrations.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static PgExtensionStore open(DbConfig db, ModeSettingsRegistry modes) throws StoreException {
        PgExtensionStore s = new PgExtensionStore(db, modes);
        try {
            s.migrate();
        } catch (RuntimeException e) {
            s.close();
            throw new StoreException("database " + db.maskedUrl() + " cannot be migrated: "
                    + db.scrub(rootMessage(e)), e);
        }
        return s;
    }

    /**
     * Opens the pool lazily: the database may be down now; every load retries it. Migrations
     * are applied by {@link #migrate()} once it can be reached.
     *
     * @param modes the parser of each mode's settings, run on every row read
     *              ({@link ModeSettingsRegistry#NONE} for a store that is only migrated)
     */
    public PgExtensionStore(DbConfig db, ModeSettingsRegistry modes) {
        this(db, modes, "127.0.0.1");
    }

    /** @param defaultBind the address rows without one bind, and the CLI writes ({@code gateway.default-bind}) */
    public PgExtensionStore(DbConfig db, ModeSettingsRegistry modes, String defaultBind) {
        this.defaultBind = defaultBind;
        this.db = db;
        this.modes = modes;
        this.table = db.schema() + ".extensions";
        pool = DbPools.open(db, "ramal-db", db.poolSize());
    }

    /** Applies the migrations in the configured schema (for start-up and {@code ramal db migrate}). */
    public synchronized int migrate() {
        int applied = Migrations.apply(pool, db);
        migrated = true;
        return applied;
    }

    private static final String COLUMNS =
            "ramal, bind_address, port, mode, settings::text, tuning::text, enabled, description, allow, max_calls, nodes";

    @Override
    public ExtensionSnapshot load() throws StoreException {
        ensureMigrated();
        List<Map<String, Object>> entries = new ArrayList<>();
        try (Connection c = pool.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + table + " ORDER BY ramal")) {
            while (rs.next()) {
                entries.add(entry(rs));
            }
        } catch (SQLException e) {
            throw new StoreException("database " + db.maskedUrl() + " cannot be read: " + db.scrub(e.getMessage()), e);
        }
        return ExtensionParser.parseAll(entries, defaultBind(), modes);
    }

    /** The row as stored, refused or not. */
    @Override
    public Optional<Map<String, Object>> entry(String ramal) throws StoreException {
        ensureMigrated();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE ramal = ?")) {
            ps.setString(1, ramal);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("database " + db.maskedUrl() + " cannot be read: " + db.scrub(e.getMessage()), e);
        }
    }

    /** One row as the parser's entry map (the column bind_address is the key {@code bind}). */
    private Map<String, Object> entry(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ramal", rs.getString(1));
        m.put("bind", rs.getString(2));
        m.put("port", rs.getInt(3));
        m.put("mode", rs.getString(4));
        m.put("settings", jsonValue(rs.getString(5)));
        m.put("tuning", jsonValue(rs.getString(6)));
        m.put("enabled", rs.getBoolean(7));
        m.put("description", rs.getString(8));
        java.sql.Array allow = rs.getArray(9);
        if (allow != null) {
            m.put("allow", Arrays.asList((Object[]) allow.getArray())); // a NULL element is the parser's to refuse
        }
        if (rs.getInt(10) != 0) {
            m.put("max-calls", rs.getInt(10));
        }
        java.sql.Array nodes = rs.getArray(11);
        Object[] names = nodes == null ? null : (Object[]) nodes.getArray();
        if (names != null && names.length > 0) {
            // asList, not List.of: a NULL element is the parser's to refuse, not a crash of the load.
            m.put("nodes", Arrays.asList(names));
        }
        return m;
    }

    /** Only the enabled column: a refused row can be parked without repairing it first. */
    @Override
    public boolean setEnabled(String ramal, boolean enabled) throws StoreException {
        ensureMigrated();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET enabled = ? WHERE ramal = ?")) {
            ps.setBoolean(1, enabled);
            ps.setString(2, ramal);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("database " + db.maskedUrl() + ": " + db.scrub(e.getMessage()), e);
        }
    }

    /** The database may have been down when the gateway started: migrate on first contact. */
    private void ensureMigrated() throws StoreException {
        if (!migrated) {
            try {
                migrate();
            } catch (RuntimeException e) {
                throw new StoreException("database " + db.maskedUrl() + " cannot be migrated: "
                        + db.scrub(rootMessage(e)), e);
            }
        }
    }

    /** A jsonb column as Java values; anything but an object stays as it is, for the parser to refuse. */
    private Object jsonValue(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (Exception e) {
            return text;
        }
    }

    @Override
    public synchronized void watch(Runnable onChange) {
        if (listener != null) {
            throw new IllegalStateException("already watching");
        }
        listener = NotificationListener.start(db, listenProperties(), onChange);
    }

    @Override
    public void add(Extension e) throws StoreException {
        update("INSERT INTO " + table + " (ramal, bind_address, port, mode, settings, tuning, enabled, description, "
                + "allow, max_calls, nodes) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)", e, false);
    }

    @Override
    public void update(Extension e) throws StoreException {
        int n = update("UPDATE " + table + " SET bind_address = ?, port = ?, mode = ?, settings = ?::jsonb, "
                + "tuning = ?::jsonb, enabled = ?, description = ?, allow = ?, max_calls = ?, nodes = ? "
                + "WHERE ramal = ?", e, true);
        if (n == 0) {
            throw new StoreConflictException("ramal " + e.ramal() + " does not exist in " + describe());
        }
    }

    private int update(String sql, Extension e, boolean ramalLast) throws StoreException {
        ensureMigrated();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (!ramalLast) {
                ps.setString(i++, e.ramal());
            }
            ps.setString(i++, e.bind());
            ps.setInt(i++, e.port());
            ps.setString(i++, e.mode().wireName());
            ps.setString(i++, json.writeValueAsString(e.settings()));
            ps.setString(i++, json.writeValueAsString(ExtensionParser.tuningEntry(e.tuning())));
            ps.setBoolean(i++, e.enabled());
            ps.setString(i++, e.description());
            ps.setArray(i++, e.allow() == null ? null : c.createArrayOf("text", e.allow().entries().toArray()));
            ps.setInt(i++, e.maxCalls());
            ps.setArray(i++, c.createArrayOf("text", e.nodes().toArray()));
            if (ramalLast) {
                ps.setString(i, e.ramal());
            }
            return ps.executeUpdate();
        } catch (SQLException ex) {
            String state = ex.getSQLState();
            if ("23505".equals(state) || "23514".equals(state)) {
                throw new StoreConflictException(friendly(ex, e), ex);
            }
            throw new StoreException(friendly(ex, e), ex);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new StoreException("settings of ramal " + e.ramal() + " cannot be written as JSON: "
                    + LogText.escape(ex.getMessage()), ex);
        }
    }

    @Override
    public boolean remove(String ramal) throws StoreException {
        ensureMigrated();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE ramal = ?")) {
            ps.setString(1, ramal);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("database " + db.maskedUrl() + ": " + db.scrub(e.getMessage()), e);
        }
    }

    /** {@code gateway.default-bind}; the column's own default is loopback too (V3). */
    @Override
    public String defaultBind() {
        return defaultBind;
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public String describe() {
        return "database " + db.maskedUrl() + " schema " + db.schema();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        pool.close();
    }

    /** Constraint violations in words an admin understands. */
    private String friendly(SQLException ex, Extension e) {
        String state = ex.getSQLState();
        // The server's message quotes the failing row: escaped, since it holds what was refused.
        String msg = db.scrub(ex.getMessage());
        if ("23505".equals(state)) {
            return msg.contains("one_per_address")
                    ? "address " + e.address() + " is already used by another extension"
                    : "ramal " + e.ramal() + " already exists";
        }
        if ("23514".equals(state)) {
            return "the database refused ramal " + e.ramal() + ": " + msg;
        }
        return "database " + db.maskedUrl() + ": " + msg;
    }

    private Properties listenProperties() {
        Properties p = DbPools.driverProperties(db);
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        p.setProperty("ApplicationName", "ramal-listen");
        return p;
    }

    /** The innermost cause's message: Flyway wraps the driver's useful one several levels down. */
    public static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.toString() : r.getMessage();
    }
}
