package dev.taskledger.bench;

import dev.taskledger.store.jdbc.JdbcSettings;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh database for one trial: a new SQLite file in a temp directory, a new schema in a PostgreSQL
 * database, or a new database on a MariaDB/MySQL server (dropped afterwards unless kept). Also reads row
 * counts, to check what a workload wrote.
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

    static final String MARIADB_DEFAULT = "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=&sslMode=disable";

    /** The backend a {@code --db} value names: {@code sqlite}, {@code postgresql} or {@code mariadb}. */
    static String backendOf(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.equals("sqlite") || lower.startsWith("jdbc:sqlite:")) {
            return "sqlite";
        }
        if (lower.equals("postgresql") || lower.equals("postgres") || lower.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        if (lower.equals("mariadb") || lower.equals("mysql") || lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            return "mariadb";
        }
        return lower;
    }

    /** {@code sqlite}, {@code postgresql} / {@code mariadb} (the local test servers) or such a JDBC URL. */
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
        String url = lower.equals("postgresql") || lower.equals("postgres") ? BenchConfig.POSTGRES_DEFAULT
                : lower.equals("mariadb") || lower.equals("mysql") ? MARIADB_DEFAULT : spec;
        String schema = "bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        if (url.startsWith("jdbc:postgresql:")) {
            return new TrialDatabase("postgresql", url, schema, null, keep);
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            // The trial's database is TASKLEDGER_DB_SCHEMA; the URL names none (the server refuses a URL and a schema
            // that name two different databases), and the server creates it.
            String server = url.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:").replaceFirst("^(jdbc:mariadb://[^/?]*)/[^?]*", "$1/");
            return new TrialDatabase("mariadb", server, schema, null, keep);
        }
        throw new IllegalArgumentException("--db " + spec + ": the benchmark makes fresh databases on sqlite, postgresql"
                + " and mariadb (no MongoDB server runs on this machine; the in-process test server would measure"
                + " nothing a user runs)");
    }

    String backend() {
        return backend;
    }

    /** The server's environment for this database. */
    Map<String, String> env() {
        return schema == null ? Map.of("TASKLEDGER_DB_URL", url) : Map.of("TASKLEDGER_DB_URL", url, "TASKLEDGER_DB_SCHEMA", schema);
    }

    /** This database as the embedded client opens it: the server's defaults (schema, pool of 10). */
    JdbcSettings jdbc() {
        return new JdbcSettings(url, null, null, schema == null ? "taskledger" : schema, 10);
    }

    /**
     * A new connection whose unqualified names are this trial's tables (PostgreSQL {@code search_path}, MariaDB
     * {@code USE}). The schema exists once the server has started (its migrations create it).
     */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        if (schema != null) {
            try (Statement s = c.createStatement()) {
                s.execute(backend.equals("mariadb") ? "USE " + schema : "SET search_path TO " + schema);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** The PostgreSQL schema or MariaDB database of this trial; null for SQLite. */
    String schema() {
        return schema;
    }

    long count(String table) {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("counting " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** The tables the workloads write; children first. */
    private static final List<String> DATA_TABLES = List.of("task_events", "task_results", "task_dependencies", "outbox", "tasks",
            "inv_tasks");
    /**
     * The ledger's counts, kept by triggers on inv_tasks (absent before PostgreSQL V17 / MySQL and SQLite V14, so
     * emptied where present). PostgreSQL's TRUNCATE of inv_tasks empties it by its own trigger; MariaDB's TRUNCATE runs no
     * trigger; SQLite's DELETE runs them row by row, leaving zero counts behind.
     */
    private static final String LEDGER_COUNTS = "ledger_counts";

    /**
     * Deletes every row the workloads wrote (after the warm-up), leaving the schema, its migrations and the
     * server's connections as they are: PostgreSQL and MariaDB {@code TRUNCATE} (new, empty table files), SQLite
     * {@code DELETE} (its truncate optimisation; the freed pages are reused). The server must be idle.
     */
    void emptyTables() {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            switch (backend) {
                case "postgresql" -> s.execute("TRUNCATE " + String.join(", ", DATA_TABLES.stream().map(t -> schema + "." + t).toList()));
                case "mariadb" -> {
                    s.execute("SET FOREIGN_KEY_CHECKS = 0");
                    for (String t : DATA_TABLES) {
                        s.execute("TRUNCATE TABLE " + schema + "." + t);
                    }
                    emptyIfPresent(s, schema + "." + LEDGER_COUNTS, "TRUNCATE TABLE ");
                    s.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
                default -> {
                    s.execute("PRAGMA busy_timeout = 10000"); // the server's lease rescuer may be in a transaction
                    for (String t : DATA_TABLES) {
                        s.execute("DELETE FROM " + t);
                    }
                    emptyIfPresent(s, LEDGER_COUNTS, "DELETE FROM ");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("emptying the tables after the warm-up failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code verb + table}; a table that does not exist (an earlier server's schema) is left alone. */
    private static void emptyIfPresent(Statement s, String table, String verb) throws SQLException {
        try {
            s.execute(verb + table);
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (!m.contains("no such table") && !m.contains("doesn't exist")) {
                throw e;
            }
        }
    }

    /** The database server's version (PostgreSQL) or the SQLite library version. */
    String version() {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(switch (backend) {
                 case "sqlite" -> "SELECT 'SQLite ' || sqlite_version()";
                 case "mariadb" -> "SELECT CONCAT('MariaDB/MySQL ', VERSION())";
                 default -> "SELECT 'PostgreSQL ' || current_setting('server_version')";
             })) {
            rs.next();
            return rs.getString(1);
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
                s.execute(backend.equals("mariadb") ? "DROP DATABASE IF EXISTS " + schema
                        : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
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
