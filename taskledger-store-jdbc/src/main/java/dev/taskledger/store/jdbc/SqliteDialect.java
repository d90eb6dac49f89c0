package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.UUID;

/**
 * SQLite: one writer connection per process (WAL, synchronous=FULL, BEGIN IMMEDIATE), so transactions are serialized
 * and a claim cannot race. Values are text ({@link TextValues}; whole seconds for the replic ledger's columns, as SQLite's
 * CURRENT_TIMESTAMP writes them). Has RETURNING; no arrays, so batches are JDBC batches.
 */
final class SqliteDialect implements Dialect {
    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("sqlite", false, false, true, true);
    }

    @Override
    public boolean supportsReturning() {
        return true;
    }

    @Override
    public boolean supportsColumnArrays() {
        return false;
    }

    /** Embedded: the database's clock is this process's. */
    @Override
    public boolean supportsReadClock() {
        return false;
    }

    @Override
    public boolean partitionsEvents() {
        return false;
    }

    @Override
    public boolean hasLedgerTenantTable() {
        return false;
    }

    /** One database per file, without catalogs or schemas. */
    @Override
    public MetadataScope metadataScope(String schema) {
        return new MetadataScope(null, null);
    }

    @Override
    public String renameTable(String schema, String from, String to) {
        return "ALTER TABLE " + from + " RENAME TO " + to;
    }

    /** Creates the directory of the database file (not of {@code :memory:} or a {@code file:} URI). */
    @Override
    public void prepareStorage(JdbcSettings settings) {
        String path = settings.url().substring("jdbc:sqlite:".length());
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path.split("\\?", 2)[0]).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the directory " + parent + " for the SQLite file " + path
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HikariConfig poolConfig(JdbcSettings s) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(s.url());
        c.setMaximumPoolSize(1); // SQLite has one writer; one connection serializes transactions in-process
        c.setMinimumIdle(1);
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "FULL");
        c.addDataSourceProperty("foreign_keys", "true");
        c.addDataSourceProperty("busy_timeout", "10000");
        // autocommit on, transactions begun explicitly (begin below): with autocommit off the driver begins the
        // next transaction as soon as one commits, and with BEGIN IMMEDIATE that idle connection would hold the
        // write lock for good, so no other process (sqlite3, a backup, a second server) could ever write
        c.setAutoCommit(true);
        return c;
    }

    /** {@code BEGIN IMMEDIATE}: takes the write lock at once (waiting up to busy_timeout for another process). */
    @Override
    public void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try {
                s.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("within a transaction")) {
                    throw e;
                }
                s.execute("ROLLBACK"); // left open by a failed rollback: start clean
                s.execute("BEGIN IMMEDIATE");
            }
        }
    }

    @Override
    public void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                throw e; // else: BEGIN itself failed, or SQLite rolled back already (e.g. after SQLITE_FULL)
            }
        }
    }

    @Override
    public String flywaySchema(JdbcSettings settings) {
        return null;
    }

    @Override
    public void bind(PreparedStatement ps, int i, Params.Value value) throws SQLException {
        TextValues.bind(ps, i, value);
    }

    @Override
    public Instant instant(ResultSet rs, String column) throws SQLException {
        return TextValues.instant(rs, column);
    }

    @Override
    public UUID uuid(ResultSet rs, String column) throws SQLException {
        return TextValues.uuid(rs, column);
    }

    @Override
    public String json(ResultSet rs, String column) throws SQLException {
        return rs.getString(column);
    }

    @Override
    public String text(ResultSet rs, String column) throws SQLException {
        return rs.getString(column);
    }

    @Override
    public RuntimeException translate(SQLException e, String operation) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
            return new StoreException.DuplicateKey("duplicate key in " + operation + ": " + message, e);
        }
        if (e instanceof SQLTransientConnectionException || message.contains("SQLITE_BUSY")
                || message.contains("SQLITE_LOCKED") || message.contains("SQLITE_FULL")
                || message.contains("SQLITE_IOERR") || message.contains("SQLITE_CANTOPEN")
                || message.contains("SQLITE_READONLY")) {
            return Dialect.unavailable(operation, e);
        }
        return new IllegalStateException("SQL statement " + operation + " failed: " + message, e);
    }
}
