package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What differs between SQL databases beyond the SQL text itself: which statements it has (its capabilities, see
 * {@link Sql}), value binding, reading, errors, pooling, URLs. Each dialect owns its quirks: generic code asks
 * these methods, never a dialect's name.
 */
interface Dialect {
    /** Short name; also the folder of this dialect's SQL files and migrations. */
    String name();

    StoreCapabilities capabilities();

    /** {@code INSERT/UPDATE/DELETE ... RETURNING}: claims, deletes and the ledger upsert answer in one statement. */
    boolean supportsReturning();

    /**
     * A whole batch as one statement whose parameters are one array per column ({@link Params.Array}), e.g. with
     * {@code unnest}; without it, batches run as JDBC batches of one-row statements.
     */
    boolean supportsColumnArrays();

    /**
     * {@code COPY ... FROM STDIN} ({@link #copyIn}): many rows sent as one stream of text, the fastest way in
     * (PostgreSQL). The store uses it for large inserts that cannot conflict.
     */
    default boolean supportsCopy() {
        return false;
    }

    /**
     * Runs the COPY statement {@code sql} with {@code rows}: the rows in COPY's text format ({@link CopyRows}).
     *
     * @return the number of rows copied
     */
    default long copyIn(Connection c, String sql, byte[] rows) throws SQLException {
        throw new UnsupportedOperationException(name() + " has no COPY");
    }

    /** One value as COPY's text format reads it for its column, before COPY's own escaping; null for NULL. */
    default String copyText(Params.Value value) {
        throw new UnsupportedOperationException(name() + " has no COPY");
    }

    /** The database has a clock of its own, apart from this process ({@code readClock}); not an embedded one. */
    boolean supportsReadClock();

    /** {@code task_events} is partitioned by time ({@link dev.taskledger.queue.spi.EventPartitions}). */
    boolean partitionsEvents();

    /** Other service nodes can be woken when a task becomes ready ({@code notifyReady}, LISTEN). */
    default boolean supportsListenNotify() {
        return capabilities().listenNotify();
    }

    /** The ledger's tenant column refers to a table of tenant names, whose rows {@code ensureTenant} creates. */
    boolean hasLedgerTenantTable();

    /**
     * Server settings that make this store degrade in production, each as a sentence for the log (read once at
     * start on a pooled connection); by default none.
     */
    default List<String> settingWarnings(Connection c) throws SQLException {
        return List.of();
    }

    /** Makes ready what the database needs before a connection opens; by default nothing. */
    default void prepareStorage(JdbcSettings settings) {
    }

    /** The URL the driver connects with (for Flyway and other connections outside the pool). */
    default String driverUrl(String url) {
        return url;
    }

    /** Where JDBC metadata finds the store's tables (either may be null: any). */
    record MetadataScope(String catalog, String schema) {}

    MetadataScope metadataScope(String schema);

    /** SQL that renames the table {@code from} of {@code schema} to {@code to}. */
    String renameTable(String schema, String from, String to);

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

    /** Binds an integer that may be null. */
    static void bindInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    /** Binds a long that may be null. */
    static void bindLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static StoreException unavailable(String operation, SQLException e) {
        return new StoreException.Unavailable("database unavailable during " + operation + ": " + e.getMessage(), e);
    }
}
