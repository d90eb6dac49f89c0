package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * SQLite: one writer connection per process (WAL, synchronous=FULL, BEGIN IMMEDIATE), so transactions are serialized
 * and a claim cannot race. Timestamps are UTC text {@code uuuu-MM-dd HH:mm:ss.SSS} (whole seconds for
 * seed 000's columns, as SQLite's CURRENT_TIMESTAMP writes them): fixed width for the years 0000-9999 the services
 * accept ({@code Timestamps}), so text order is time order.
 */
final class SqliteDialect implements Dialect {
    // MysqlDialect reuses this class's text binding of timestamps and ids.
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads both forms, and any number of fraction digits (MySQL returns DATETIME(3) and TIMESTAMP as text too). */
    private static final DateTimeFormatter READ = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("sqlite", false, false, true, true);
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
        switch (value) {
            case Params.Str(String v) -> ps.setString(i, v);
            case Params.Text(String v) -> ps.setString(i, v);
            case Params.Json(String v) -> ps.setString(i, v);
            case Params.Time(Instant v) -> ps.setString(i, v == null ? null : MILLIS.format(v.atOffset(ZoneOffset.UTC)));
            case Params.Seconds(Instant v) -> ps.setString(i, v == null ? null : SECONDS.format(v.atOffset(ZoneOffset.UTC)));
            case Params.Id(UUID v) -> ps.setString(i, v == null ? null : v.toString());
            case Params.Int(Integer v) -> {
                if (v == null) {
                    ps.setNull(i, Types.INTEGER);
                } else {
                    ps.setInt(i, v);
                }
            }
            case Params.Lng(Long v) -> {
                if (v == null) {
                    ps.setNull(i, Types.BIGINT);
                } else {
                    ps.setLong(i, v);
                }
            }
            case Params.TextArray(List<String> v) -> ps.setString(i, jsonArray(v));
        }
    }

    private static String jsonArray(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Instant instant(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        if (s == null) {
            return null;
        }
        return LocalDateTime.parse(s, READ).toInstant(ZoneOffset.UTC);
    }

    @Override
    public UUID uuid(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : UUID.fromString(s);
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
