package dev.taskledger.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh database for one trial: a new SQLite file in a temp directory, or a new schema in a PostgreSQL
 * database (dropped afterwards unless kept). Also reads row counts, to check what a workload wrote.
 */
final class TrialDatabase implements AutoCloseable {
    private final String backend;
    private final String url;
    private final String schema;
    private final Path dir;
    private final boolean keep;

    private TrialDatabase(String backend, String url, String schema, Path dir, boolean keep) {
        this.backend = backend;
        this.url = url;
        this.schema = schema;
        this.dir = dir;
        this.keep = keep;
    }

    /** {@code sqlite}, {@code postgresql} (the local test database) or a {@code jdbc:postgresql:} URL. */
    static TrialDatabase fresh(String spec, boolean keep) {
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.equals("sqlite")) {
            try {
                Path dir = Files.createTempDirectory("taskledger-bench-");
                return new TrialDatabase("sqlite", "jdbc:sqlite:" + dir.resolve("taskledger.db"), null, dir, keep);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String url = lower.equals("postgresql") || lower.equals("postgres") ? BenchConfig.POSTGRES_DEFAULT : spec;
        if (url.startsWith("jdbc:postgresql:")) {
            String schema = "bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")) + "_"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
            return new TrialDatabase("postgresql", url, schema, null, keep);
        }
        throw new IllegalArgumentException("--db " + spec + ": the benchmark makes fresh schemas on sqlite and postgresql"
                + " only so far (MariaDB and MongoDB are planned)");
    }

    String backend() {
        return backend;
    }

    /** The server's environment for this database. */
    Map<String, String> env() {
        return schema == null ? Map.of("TASKLEDGER_DB_URL", url) : Map.of("TASKLEDGER_DB_URL", url, "TASKLEDGER_DB_SCHEMA", schema);
    }

    long count(String table) {
        String qualified = schema == null ? table : schema + "." + table;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + qualified)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting " + qualified + " failed: " + e.getMessage(), e);
        }
    }

    /** The database server's version (PostgreSQL) or the SQLite library version. */
    String version() {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(schema == null ? "SELECT 'SQLite ' || sqlite_version()" : "SHOW server_version")) {
            rs.next();
            return schema == null ? rs.getString(1) : "PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            return backend + " (version unknown: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (keep) {
            System.err.println("kept " + (schema == null ? dir : "schema " + schema));
            return;
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop schema " + schema + ": " + e.getMessage());
            }
        } else {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
