package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.ExternalDatabases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSchemaMigrationsTest extends SchemaMigrationsContract {
    @Override
    protected JdbcSettings freshSettings() {
        return new JdbcSettings(ExternalDatabases.postgresUrl(), null, null,
                "tl_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), 4);
    }

    @Override
    protected void drop(JdbcSettings settings) {
        if (settings == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS %s CASCADE".formatted(settings.schema()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The count triggers' functions keep the schema they were created in: SQL run by hand with qualified names, from a
     * session whose search_path does not name the schema (a DBA's psql, the benchmark's loader), keeps the counts too.
     */
    @Test
    void theCountTriggers_workFromASessionWhoseSearchPathIsAnother() throws SQLException {
        try (var store = JdbcStores.open(settings)) {
            store.migrate();
        }
        String entries = qualified("inv_tasks");
        String counts = qualified("ledger_counts");
        try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
            s.execute("SET search_path TO public");
            s.execute("INSERT INTO " + entries + " (tenant, task_name, task_item, current_status) VALUES"
                    + " ('t', 'n', 'a', 'ok'), ('t', 'n', 'b', 'fail')");
            s.execute("UPDATE " + entries + " SET current_status = 'ok' WHERE task_item = 'b'");
            assertThat(sum(s, "SELECT SUM(entries) FROM " + counts + " WHERE current_status = 'ok'")).isEqualTo(2);
            s.execute("DELETE FROM " + entries + " WHERE task_item = 'a'");
            assertThat(sum(s, "SELECT SUM(entries) FROM " + counts)).isEqualTo(1);
            s.execute("TRUNCATE " + entries);
            assertThat(sum(s, "SELECT COALESCE(SUM(entries), 0) FROM " + counts)).isZero();
        }
    }

    private static long sum(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    protected String dialect() {
        return "postgresql";
    }

    @Override
    protected String lastVersionBeforeLedgerCounts() {
        return "16";
    }

    @Override
    protected String lastVersionBeforeTheView() {
        return "6";
    }

    @Override
    protected String qualified(String name) {
        return "\"" + settings.schema() + "\"." + name;
    }
}
