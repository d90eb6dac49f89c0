package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.ExternalDatabases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

class MariadbSchemaMigrationsTest extends SchemaMigrationsContract {
    @Override
    protected JdbcSettings freshSettings() {
        return new JdbcSettings(ExternalDatabases.mariadbUrl(), null, null,
                "tl_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), 4);
    }

    @Override
    protected void drop(JdbcSettings settings) {
        if (settings == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS %s".formatted(settings.schema()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected String dialect() {
        return "mysql";
    }

    @Override
    protected String lastVersionBeforeLedgerCounts() {
        return "13";
    }

    @Override
    protected String lastVersionBeforeTheView() {
        return "5";
    }

    @Override
    protected String qualified(String name) {
        return "`" + settings.schema() + "`." + name;
    }
}
