package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;

import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** PostgreSQL: uuid, timestamptz and jsonb columns; claims with FOR UPDATE SKIP LOCKED. */
final class PostgresDialect implements Dialect {
    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("postgresql", true, true, true, true);
    }

    @Override
    public boolean supportsReturning() {
        return true;
    }

    /** {@code unnest} over text arrays, each element escaped as {@link PostgresText} stores it. */
    @Override
    public boolean supportsColumnArrays() {
        return true;
    }

    @Override
    public boolean supportsCopy() {
        return true;
    }

    @Override
    public long copyIn(Connection c, String sql, byte[] rows) throws SQLException {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(rows));
        } catch (IOException e) {
            throw new SQLException("COPY could not read its rows", e); // a byte array does not fail to read
        }
    }

    /** As a column array's element: the text the column's input function reads ({@link PostgresText}'s escapes). */
    @Override
    public String copyText(Params.Value value) {
        return arrayElement(value);
    }

    @Override
    public boolean supportsReadClock() {
        return true;
    }

    /**
     * With autovacuum off nothing reclaims the dead row versions every claim, completion and retention delete
     * leaves, and nothing refreshes the planner's statistics: tasks and task_events grow without end (the
     * migrations' per-table autovacuum settings do nothing) and claim plans can go wrong.
     */
    @Override
    public List<String> settingWarnings(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SHOW autovacuum")) {
            rs.next();
            if ("on".equals(rs.getString(1))) {
                return List.of();
            }
        }
        return List.of("PostgreSQL runs with autovacuum = off: dead rows of tasks and task_events are never reclaimed "
                + "and statistics never refreshed, so the tables grow without end and claims slow down; turn it on "
                + "(docs/operations.md, \"Autovacuum per table\") or run VACUUM (ANALYZE) on a schedule");
    }

    @Override
    public boolean partitionsEvents() {
        return true;
    }

    @Override
    public boolean hasLedgerTenantTable() {
        return false;
    }

    @Override
    public MetadataScope metadataScope(String schema) {
        return new MetadataScope(null, schema);
    }

    @Override
    public String renameTable(String schema, String from, String to) {
        return "ALTER TABLE \"" + schema + "\"." + from + " RENAME TO " + to;
    }

    @Override
    public HikariConfig poolConfig(JdbcSettings s) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(s.url());
        c.setUsername(s.user());
        c.setPassword(s.password());
        // currentSchema is applied when the connection opens; Hikari's setSchema would run inside the first
        // transaction and be undone if that transaction rolled back.
        c.addDataSourceProperty("currentSchema", s.schema());
        c.setMaximumPoolSize(s.maxPoolSize());
        c.setMinimumIdle(Math.min(2, s.maxPoolSize()));
        c.addDataSourceProperty("ApplicationName", "taskledger");
        c.addDataSourceProperty("reWriteBatchedInserts", "true");
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public String flywaySchema(JdbcSettings settings) {
        return settings.schema();
    }

    @Override
    public void bind(PreparedStatement ps, int i, Params.Value value) throws SQLException {
        switch (value) {
            case Params.Str(String v) -> ps.setString(i, v);
            case Params.Text(String v) -> ps.setString(i, PostgresText.encodeText(v));
            case Params.Json(String v) -> ps.setString(i, PostgresText.encodeJson(v));
            case Params.Time(Instant v) -> setInstant(ps, i, v);
            case Params.Seconds(Instant v) -> setInstant(ps, i, v);
            case Params.Id(UUID v) -> {
                if (v == null) {
                    ps.setNull(i, Types.OTHER);
                } else {
                    ps.setObject(i, v);
                }
            }
            case Params.Int(Integer v) -> Dialect.bindInt(ps, i, v);
            case Params.Lng(Long v) -> Dialect.bindLong(ps, i, v);
            case Params.TextArray(List<String> v) -> ps.setArray(i, ps.getConnection().createArrayOf("text", v.toArray()));
            case Params.Array(List<Params.Value> v) ->
                    ps.setArray(i, ps.getConnection().createArrayOf("text", arrayElements(v)));
        }
    }

    /**
     * A column array's values as text; a value equal to the one before it (a batch's shared times, type and
     * defaults) reuses that one's text instead of being encoded again.
     */
    private static String[] arrayElements(List<Params.Value> values) {
        String[] out = new String[values.size()];
        for (int k = 0; k < out.length; k++) {
            Params.Value v = values.get(k);
            out[k] = k > 0 && v.equals(values.get(k - 1)) ? out[k - 1] : arrayElement(v);
        }
        return out;
    }

    /** One value of a column array as the text the statement casts back to the column's type (null as null). */
    private static String arrayElement(Params.Value value) {
        return switch (value) {
            case Params.Str(String v) -> v;
            case Params.Text(String v) -> PostgresText.encodeText(v);
            case Params.Json(String v) -> PostgresText.encodeJson(v);
            case Params.Time(Instant v) -> PostgresText.timestamp(v);
            case Params.Seconds(Instant v) -> PostgresText.timestamp(v);
            case Params.Id(UUID v) -> v == null ? null : v.toString();
            case Params.Int(Integer v) -> v == null ? null : v.toString();
            case Params.Lng(Long v) -> v == null ? null : v.toString();
            case Params.TextArray t -> throw new IllegalArgumentException("a column array holds single values");
            case Params.Array a -> throw new IllegalArgumentException("a column array holds single values");
        };
    }

    private static void setInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(v, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    @Override
    public String json(ResultSet rs, String column) throws SQLException {
        return PostgresText.decodeJson(rs.getString(column));
    }

    @Override
    public String text(ResultSet rs, String column) throws SQLException {
        return PostgresText.decodeText(rs.getString(column));
    }

    @Override
    public RuntimeException translate(SQLException e, String operation) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("23505")) {
            return new StoreException.DuplicateKey("duplicate key in " + operation + ": " + e.getMessage(), e);
        }
        if (state.equals("40001") || state.equals("40P01")) { // serialization failure, deadlock
            return Dialect.transientConflict(operation, e);
        }
        if (e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("53")
                || state.startsWith("57") || state.startsWith("40")) {
            return Dialect.unavailable(operation, e);
        }
        return new IllegalStateException("SQL statement " + operation + " failed: " + e.getMessage(), e);
    }
}
