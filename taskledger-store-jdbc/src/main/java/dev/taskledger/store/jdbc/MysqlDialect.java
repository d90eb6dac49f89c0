package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL 8 and MariaDB 10.6+ through the MariaDB driver: {@code FOR UPDATE SKIP LOCKED} claims, the replic ledger's
 * {@code ON DUPLICATE KEY UPDATE} upsert. The schema setting names the database (created if missing); a database in
 * the URL is not connected to (the server's configuration makes it the schema setting).
 * Sessions run in UTC, so DATETIME and TIMESTAMP values are UTC; they travel as text ({@link TextValues}).
 */
final class MysqlDialect implements Dialect {
    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("mysql", true, false, true, false);
    }

    /** MySQL has no RETURNING (MariaDB has some, MySQL 8 none): lock, change, read back. */
    @Override
    public boolean supportsReturning() {
        return false;
    }

    @Override
    public boolean supportsColumnArrays() {
        return false;
    }

    @Override
    public boolean supportsReadClock() {
        return true;
    }

    @Override
    public boolean partitionsEvents() {
        return false;
    }

    /** The replic ledger's MySQL schema keys inv_tasks.tenant to ledger_tenants (V2__ledger.sql). */
    @Override
    public boolean hasLedgerTenantTable() {
        return true;
    }

    /** The schema setting names a database, which JDBC metadata calls a catalog. */
    @Override
    public MetadataScope metadataScope(String schema) {
        return new MetadataScope(schema, null);
    }

    @Override
    public String renameTable(String schema, String from, String to) {
        return "RENAME TABLE `" + schema + "`." + from + " TO `" + schema + "`." + to;
    }

    /** {@code jdbc:mariadb:[mode:]//hosts/database?options}: group 1 up to the hosts, 2 the database, 3 the options. */
    private static final Pattern URL = Pattern.compile("^(jdbc:(?:mariadb|mysql):(?:[a-z]+:)?//[^/?]*)(?:/([^?]*))?(\\?.*)?$");

    /**
     * The URL the driver connects with: the MariaDB driver speaks to MySQL too, but takes {@code jdbc:mysql:} only
     * with a flag, so its own scheme; and without a database, since the schema setting names the database (set as the
     * pool's catalog), which may not exist yet: Flyway creates it.
     */
    @Override
    public String driverUrl(String url) {
        String mariadb = url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
        Matcher m = URL.matcher(mariadb);
        return m.matches() ? m.group(1) + "/" + (m.group(3) == null ? "" : m.group(3)) : mariadb;
    }

    @Override
    public HikariConfig poolConfig(JdbcSettings s) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(driverUrl(s.url()));
        c.setUsername(s.user());
        c.setPassword(s.password());
        c.setCatalog(s.schema());
        c.setMaximumPoolSize(s.maxPoolSize());
        c.setMinimumIdle(Math.min(2, s.maxPoolSize()));
        c.setConnectionInitSql("SET time_zone = '+00:00', NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
        c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        c.setAutoCommit(false);
        return c;
    }

    @Override
    public String flywaySchema(JdbcSettings settings) {
        return settings.schema();
    }

    @Override
    public void bind(PreparedStatement ps, int index, Params.Value value) throws SQLException {
        TextValues.bind(ps, index, value);
    }

    @Override
    public Instant instant(ResultSet rs, String column) throws SQLException {
        // As an object, not text: the driver's text form of DATETIME(3) drops leading zeros of the fraction.
        java.time.LocalDateTime t = rs.getObject(column, java.time.LocalDateTime.class);
        return t == null ? null : t.toInstant(java.time.ZoneOffset.UTC);
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
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        if (code == 1213 || code == 1205 || state.equals("40001")) { // deadlock, lock wait timeout
            return Dialect.transientConflict(operation, e);
        }
        if (code == 1062 || state.equals("23000") && String.valueOf(e.getMessage()).contains("Duplicate")) {
            return new StoreException.DuplicateKey("duplicate key in " + operation + ": " + e.getMessage(), e);
        }
        if (e instanceof SQLTransientConnectionException || state.startsWith("08")) {
            return Dialect.unavailable(operation, e);
        }
        return new IllegalStateException("SQL statement " + operation + " failed: " + e.getMessage(), e);
    }
}
