package dev.taskledger.server;

import dev.taskledger.testkit.InProcessMongo;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/** A database for one test class's server: its environment variables, and how to clean up afterwards. */
public interface Backend {
    Map<String, String> env();

    void cleanup();

    /** A fresh SQLite file, given as a bare path (the server turns it into a jdbc:sqlite: URL). */
    static Backend sqlite() {
        Path dir;
        try {
            dir = Files.createTempDirectory("taskledger-http-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Backend() {
            @Override
            public Map<String, String> env() {
                return Map.of("TASKLEDGER_DB_URL", dir.resolve("db/taskledger.db").toString());
            }

            @Override
            public void cleanup() {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * A unique schema in the database of {@code TASKLEDGER_TEST_POSTGRES_URL}, dropped afterwards. Without
     * the URL the test class is skipped (with the reason printed), or fails when
     * {@code TASKLEDGER_TEST_REQUIRE_SERVICES=true}.
     */
    static Backend postgres() {
        String url = System.getenv("TASKLEDGER_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String reason = "TASKLEDGER_TEST_POSTGRES_URL is not set, so the HTTP suite does not run against PostgreSQL"
                    + " (set it to e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)";
            if ("true".equalsIgnoreCase(System.getenv("TASKLEDGER_TEST_REQUIRE_SERVICES"))) {
                fail(reason + "; TASKLEDGER_TEST_REQUIRE_SERVICES=true requires it");
            }
            System.err.println("SKIPPED: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        String schema = "tl_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Backend() {
            @Override
            public Map<String, String> env() {
                return Map.of("TASKLEDGER_DB_URL", url, "TASKLEDGER_DB_SCHEMA", schema);
            }

            @Override
            public void cleanup() {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not drop test schema " + schema + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /**
     * A unique database on the server of {@code TASKLEDGER_TEST_MARIADB_URL}, named in the URL (the server creates
     * it), dropped afterwards. Skipped, or failed under {@code TASKLEDGER_TEST_REQUIRE_SERVICES=true}, without the URL.
     */
    static Backend mariadb() {
        String url = dev.taskledger.testkit.ExternalDatabases.mariadbUrl();
        String database = "tl_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Backend() {
            @Override
            public Map<String, String> env() {
                return Map.of("TASKLEDGER_DB_URL", mariadbUrlNaming(url, database));
            }

            @Override
            public void cleanup() {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not drop test database " + database + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** {@code url} (jdbc:mariadb://host:port/db?options) naming {@code database} instead of its own. */
    static String mariadbUrlNaming(String url, String database) {
        return url.replaceFirst("^(jdbc:(?:mariadb|mysql):(?:[a-z]+:)?//[^/?]*)(/[^?]*)?", "$1/" + database);
    }

    /** A fresh database on the in-process mongo-java-server ({@link InProcessMongo}), given as TASKLEDGER_DB_URL. */
    static Backend mongo() {
        String database = "tl_http_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String uri = InProcessMongo.uri() + "/" + database;
        return new Backend() {
            @Override
            public Map<String, String> env() {
                return Map.of("TASKLEDGER_DB_URL", uri);
            }

            @Override
            public void cleanup() {
                InProcessMongo.dropDatabase(database);
            }
        };
    }
}
