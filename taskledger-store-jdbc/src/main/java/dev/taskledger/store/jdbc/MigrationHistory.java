package dev.taskledger.store.jdbc;

import dev.taskledger.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Where the applied schema versions are kept. Flyway keeps its history in its own table, {@value #TABLE}; the task persistence design's
 * {@code schema_migrations (id, description, executed_at)} is a view over it (migration
 * {@code schema_migrations_view}), so it lists every applied version with the task persistence design's columns, always current.
 *
 * <p>Installations migrated before this layout kept Flyway's table itself under the name {@value #LEGACY_TABLE};
 * {@link #adoptLegacyTable} renames it to {@value #TABLE} before Flyway runs, so Flyway finds its history and only
 * applies what is new. Nodes starting together may race to rename: the loser finds the table renamed and goes on.
 */
final class MigrationHistory {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationHistory.class);
    /** Flyway's history table (Flyway's default name). */
    static final String TABLE = "flyway_schema_history";
    /** The task persistence design's name: a view now; Flyway's table until the view came. */
    static final String LEGACY_TABLE = "schema_migrations";

    private MigrationHistory() {}

    /** Renames a {@value #LEGACY_TABLE} table in Flyway's layout to {@value #TABLE}, when there is one and no {@value #TABLE}. */
    static void adoptLegacyTable(JdbcSettings settings, Dialect dialect) {
        Properties credentials = new Properties();
        if (settings.user() != null) {
            credentials.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            credentials.setProperty("password", settings.password());
        }
        try (Connection c = DriverManager.getConnection(dialect.driverUrl(settings.url()), credentials)) {
            Dialect.MetadataScope scope = dialect.metadataScope(settings.schema());
            if (!hasColumn(c, scope, LEGACY_TABLE, "installed_rank") || hasTable(c, scope, TABLE)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute(dialect.renameTable(settings.schema(), LEGACY_TABLE, TABLE));
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                LOG.info("renamed Flyway's history table {} to {}; {} becomes the task persistence design's view over it",
                        LEGACY_TABLE, TABLE, LEGACY_TABLE);
            } catch (SQLException e) {
                if (!hasTable(c, scope, TABLE)) { // else another node renamed it first
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new StoreException.Unavailable("cannot rename the schema history table " + LEGACY_TABLE + " to " + TABLE
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Connection c, Dialect.MetadataScope scope, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(scope.catalog(), scope.schema(), escape(md, table), new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    private static boolean hasColumn(Connection c, Dialect.MetadataScope scope, String table, String column) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getColumns(scope.catalog(), scope.schema(), escape(md, table), escape(md, column))) {
            return rs.next();
        }
    }

    /** Metadata patterns treat {@code _} as a wildcard. */
    private static String escape(DatabaseMetaData md, String name) throws SQLException {
        String escape = md.getSearchStringEscape();
        return escape == null || escape.isEmpty() ? name : name.replace("_", escape + "_");
    }
}
