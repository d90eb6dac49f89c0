package dev.taskledger.store.jdbc;

import dev.taskledger.testkit.ExternalDatabases;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store warns at start when PostgreSQL runs without autovacuum (the tables would grow without end). The server
 * setting cannot be changed per session, so the test reads it and checks the store's verdict against it; SQLite
 * never warns.
 */
class PostgresSettingWarningsTest {

    @Test
    void warnsExactlyWhenAutovacuumIsOff() throws SQLException {
        String url = ExternalDatabases.postgresUrl();
        boolean autovacuumOn;
        try (var c = DriverManager.getConnection(url); var s = c.createStatement(); var rs = s.executeQuery("SHOW autovacuum")) {
            rs.next();
            autovacuumOn = rs.getString(1).equals("on");
        }
        var settings = new JdbcSettings(url, null, null, "tl_warn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), 1);
        try (var store = (JdbcStore) JdbcStores.open(settings)) {
            var warnings = store.settingWarnings();
            if (autovacuumOn) {
                assertThat(warnings).isEmpty();
            } else {
                assertThat(warnings).singleElement().asString().contains("autovacuum = off").contains("VACUUM (ANALYZE)");
            }
        } finally {
            try (var c = DriverManager.getConnection(url); var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
            }
        }
    }

    @Test
    void sqliteHasNoSettingToWarnAbout() throws Exception {
        var file = java.nio.file.Files.createTempFile("tl-warn", ".db");
        try (var store = (JdbcStore) JdbcStores.open(new JdbcSettings("jdbc:sqlite:" + file, null, null, null, 1))) {
            assertThat(store.settingWarnings()).isEmpty();
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
