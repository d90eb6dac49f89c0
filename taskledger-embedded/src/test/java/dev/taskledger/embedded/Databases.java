package dev.taskledger.embedded;

import dev.taskledger.store.jdbc.JdbcSettings;
import dev.taskledger.testkit.ExternalDatabases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** The databases the embedded tests run on: a fresh SQLite file, or a schema of its own on the test PostgreSQL. */
final class Databases {
    /** Expired leases are rescued this often in the tests, so lease-expiry tests stay quick. */
    static final EmbeddedSettings FAST = EmbeddedSettings.DEFAULTS.withLeaseCheckInterval(Duration.ofMillis(100))
            .withPollInterval(Duration.ofMillis(100));

    private Databases() {}

    static JdbcSettings sqlite() {
        try {
            Path dir = Files.createTempDirectory("taskledger-embedded-");
            dir.toFile().deleteOnExit();
            return new JdbcSettings("jdbc:sqlite:" + dir.resolve("taskledger.db"), null, null, "taskledger", 4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random schema on the test PostgreSQL (skips the calling test when none is configured). */
    static JdbcSettings postgres() {
        String url = ExternalDatabases.postgresUrl();
        return new JdbcSettings(url, null, null, "emb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), 8);
    }

    /** Drops a schema {@link #postgres()} made; only ever one of this test's own. */
    static void dropPostgres(JdbcSettings db) {
        if (db == null || !db.schema().startsWith("emb_")) {
            return;
        }
        try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + db.schema() + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop test schema " + db.schema() + ": " + e);
        }
    }
}
