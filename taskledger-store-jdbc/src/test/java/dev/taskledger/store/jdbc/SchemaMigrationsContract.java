package dev.taskledger.store.jdbc;

import dev.taskledger.ledger.LedgerEntry;
import dev.taskledger.ledger.LedgerRecord;
import dev.taskledger.ledger.LedgerStatus;
import dev.taskledger.ledger.LedgerSummary;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.testkit.LedgerFullCount;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 002's {@code schema_migrations (id, description, executed_at)} lists every applied schema version, both on a
 * fresh database and after upgrading one that today's code created (where the table was Flyway's own history),
 * with Flyway's history under its own name. Once per SQL backend.
 */
abstract class SchemaMigrationsContract {
    protected JdbcSettings settings;

    /** Settings for a database (schema) no other test uses. */
    protected abstract JdbcSettings freshSettings();

    /** Drops what {@link #freshSettings} named. */
    protected abstract void drop(JdbcSettings settings);

    /** The dialect's migration folder. */
    protected abstract String dialect();

    /** The last schema version before schema_migrations became a view. */
    protected abstract String lastVersionBeforeTheView();

    /** The last schema version before the ledger's counts (ledger_counts, its triggers and backfill). */
    protected abstract String lastVersionBeforeLedgerCounts();

    /** {@code name} as a table reference in this database. */
    protected abstract String qualified(String name);

    @BeforeEach
    void newDatabase() {
        settings = freshSettings();
    }

    @AfterEach
    void dropDatabase() {
        drop(settings);
    }

    @Test
    void aFreshDatabase_listsEveryVersionInSchemaMigrations_withTheSeedsColumns() throws SQLException {
        try (Store store = JdbcStores.open(settings)) {
            store.migrate();
        }
        List<Version> versions = schemaMigrations();
        assertThat(versions).isNotEmpty();
        assertThat(versions.stream().map(Version::id).toList()).isEqualTo(migrationVersions());
        assertThat(versions.getFirst().description()).isEqualTo("tasks");
        assertThat(versions).extracting(Version::description).contains("schema migrations view");
        assertThat(versions).allSatisfy(v -> assertThat(v.executedAt()).isNotNull());
        assertThat(rowsOf(MigrationHistory.TABLE)).as("Flyway's own history").isGreaterThanOrEqualTo(versions.size());
    }

    @Test
    void aDatabaseCreatedByTheEarlierLayout_isUpgraded_keepingItsHistoryAndData() throws SQLException {
        migrateAsBefore(settings);
        List<Object[]> before = legacyHistory();
        assertThat(before).isNotEmpty();

        try (StoreBackend store = JdbcStores.open(settings)) {
            store.migrate();
            store.migrate(); // again, as every later start does
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            store.ledger().inTransaction(ledger -> ledger.record(new LedgerRecord("t", "upgrade", "i", LedgerStatus.OK, null), now));
            Optional<LedgerEntry> entry = store.ledger().inTransaction(ledger -> ledger.get("t", "upgrade", "i"));
            assertThat(entry).isPresent();
        }

        List<Version> versions = schemaMigrations();
        assertThat(versions.stream().map(Version::id).toList()).isEqualTo(migrationVersions());
        assertThat(versions).extracting(Version::description).contains("schema migrations view");
        for (Object[] old : before) { // the versions applied before keep their rows, times included
            Version kept = versions.stream().filter(v -> v.id().equals(old[0])).findFirst().orElseThrow();
            assertThat(kept.description()).isEqualTo(old[1]);
        }
    }

    @Test
    void nodesUpgradingAtOnce_bothStart() throws Exception {
        migrateAsBefore(settings);
        List<CompletableFuture<Void>> nodes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            nodes.add(CompletableFuture.runAsync(() -> {
                try (Store store = JdbcStores.open(settings)) {
                    store.migrate();
                }
            }));
        }
        for (CompletableFuture<Void> node : nodes) {
            node.get();
        }
        assertThat(schemaMigrations().stream().map(Version::id).toList()).isEqualTo(migrationVersions());
    }

    @Test
    void theLedgerCountsMigration_backfillsCountsThatMatchAFullCount_andTheTriggersKeepThemFromThere() {
        migrateTo(lastVersionBeforeLedgerCounts());
        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        try (StoreBackend store = JdbcStores.open(settings)) {
            store.ledger().inTransaction(ledger -> { // entries written before the counts existed
                List<LedgerRecord> batch = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    batch.add(new LedgerRecord(i % 7 == 0 ? "other" : "t", "name-" + (i % 3), "item-" + (i % 400),
                            LedgerStatus.values()[i % LedgerStatus.values().length], null));
                }
                ledger.recordAll(batch, t0);
                ledger.record(new LedgerRecord("t", "name-0", "item-3", LedgerStatus.OK, "again"), t0.plusSeconds(60));
                ledger.record(new LedgerRecord("t", "late", "x", LedgerStatus.FAIL, null), t0.plusSeconds(90));
                ledger.delete("t", "name-1", "item-4");
                return null;
            });

            store.migrate();

            for (String tenant : List.of("t", "other")) {
                List<LedgerSummary> full = store.ledger().inTransaction(ledger -> LedgerFullCount.of(ledger, tenant, null));
                assertThat(full).isNotEmpty();
                List<LedgerSummary> counted = store.ledger().inTransaction(ledger -> ledger.summary(tenant, null));
                assertThat(counted).isEqualTo(full);
            }
            store.ledger().inTransaction(ledger -> {
                ledger.record(new LedgerRecord("t", "name-2", "item-5", LedgerStatus.PENDING, null), t0.plusSeconds(120));
                ledger.delete("t", "late", "x");
                return null;
            });
            List<LedgerSummary> full = store.ledger().inTransaction(ledger -> LedgerFullCount.of(ledger, "t", null));
            List<LedgerSummary> counted = store.ledger().inTransaction(ledger -> ledger.summary("t", null));
            assertThat(counted).isEqualTo(full);
        }
    }

    /** Flyway as the store runs it, up to {@code version}. */
    private void migrateTo(String version) {
        Dialect dialect = JdbcStores.dialectFor(settings.url());
        String schema = dialect.flywaySchema(settings);
        var config = Flyway.configure()
                .dataSource(dialect.driverUrl(settings.url()), settings.user(), settings.password())
                .locations("classpath:db/migration/" + dialect())
                .table(MigrationHistory.TABLE)
                .target(version)
                .loggers("slf4j");
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        config.load().migrate();
    }

    /** What the server did before schema_migrations became a view: Flyway with its history table named schema_migrations. */
    private void migrateAsBefore(JdbcSettings s) {
        var config = Flyway.configure()
                .dataSource(JdbcStores.dialectFor(s.url()).driverUrl(s.url()), s.user(), s.password())
                .locations("classpath:db/migration/" + dialect())
                .table("schema_migrations")
                .target(lastVersionBeforeTheView())
                .loggers("slf4j");
        if (!dialect().equals("sqlite")) {
            config.schemas(s.schema()).defaultSchema(s.schema()).createSchemas(true);
        }
        config.load().migrate();
    }

    /** The versions of the dialect's migration files, in order. */
    private List<String> migrationVersions() {
        String[] files = new File(getClass().getResource("/db/migration/" + dialect()).getPath()).list();
        return Arrays.stream(files).filter(n -> n.matches("V\\d+__.*\\.sql")).map(n -> n.substring(1, n.indexOf("__")))
                .sorted(Comparator.comparingInt(Integer::parseInt)).toList();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(JdbcStores.dialectFor(settings.url()).driverUrl(settings.url()));
    }

    private List<Version> schemaMigrations() throws SQLException {
        List<Version> versions = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, description, executed_at FROM " + qualified("schema_migrations"))) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(List.of(md.getColumnLabel(1), md.getColumnLabel(2), md.getColumnLabel(3)))
                    .containsExactly("id", "description", "executed_at");
            while (rs.next()) {
                versions.add(new Version(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        versions.sort(Comparator.comparingInt(v -> Integer.parseInt(v.id())));
        return versions;
    }

    private List<Object[]> legacyHistory() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description FROM " + qualified("schema_migrations")
                     + " WHERE version IS NOT NULL")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getString(1), rs.getString(2)});
            }
        }
        return rows;
    }

    private int rowsOf(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + qualified(table))) {
            rs.next();
            return rs.getInt(1);
        }
    }

    record Version(String id, String description, String executedAt) {}
}
