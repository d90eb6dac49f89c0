package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** What differs between SQL databases beyond the SQL text itself: value binding, reading, errors, pooling. */
interface Dialect {
    /** Short name; also the folder of this dialect's SQL files and migrations. */
    String name();

    StoreCapabilities capabilities();

    /** Pool settings for this database (driver properties, pool size, schema). */
    HikariConfig poolConfig(JdbcSettings settings);

    /** The schema Flyway manages, or null where the database has none (SQLite). */
    String flywaySchema(JdbcSettings settings);

    void bind(PreparedStatement ps, int index, Params.Value value) throws SQLException;

    Instant instant(ResultSet rs, String column) throws SQLException;

    UUID uuid(ResultSet rs, String column) throws SQLException;

    String json(ResultSet rs, String column) throws SQLException;

    String text(ResultSet rs, String column) throws SQLException;

    /** Maps a driver error to the store's error family; {@code operation} names the statement. */
    RuntimeException translate(SQLException e, String operation);

    /**
     * Starts a transaction on a pooled connection. By default the pool hands out connections with autocommit off,
     * so the driver has started one already.
     */
    default void begin(Connection c) throws SQLException {
    }

    default void commit(Connection c) throws SQLException {
        c.commit();
    }

    default void rollback(Connection c) throws SQLException {
        c.rollback();
    }

    /**
     * A transaction the database aborted for a reason that running it again resolves (deadlock, serialization
     * failure, lock wait timeout); {@link dev.taskledger.store.Store#inTransaction} runs it again.
     */
    static StoreException transientConflict(String operation, SQLException e) {
        return new StoreException.TransientConflict("transaction aborted during " + operation + " and may be retried: "
                + e.getMessage(), e);
    }

    static StoreException unavailable(String operation, SQLException e) {
        return new StoreException.Unavailable("database unavailable during " + operation + ": " + e.getMessage(), e);
    }
}
