package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.ExternalDatabases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

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
