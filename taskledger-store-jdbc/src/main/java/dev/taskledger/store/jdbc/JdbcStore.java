package dev.taskledger.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.taskledger.jobs.spi.LeaseStore;
import dev.taskledger.ledger.spi.LedgerDatabase;
import dev.taskledger.store.ClockReading;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.store.StoreTx;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link StoreBackend} over one SQL database: a HikariCP pool, Flyway migrations, SQL from per-dialect files. The
 * queue's {@link Store}, the {@link LedgerDatabase} and the {@link LeaseStore} run their transactions on this pool.
 */
final class JdbcStore implements StoreBackend {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final JdbcSettings settings;
    private final Dialect dialect;
    private final SqlFiles files;
    /** Names this store in its ready notifications, so that its own listener skips them (it signals locally). */
    private final ReadyChannel readyChannel;
    private final JdbcLedgerDatabase ledger;
    private final JdbcLeaseStore leases;
    private volatile HikariDataSource pool;

    JdbcStore(JdbcSettings settings, Dialect dialect) {
        this.settings = settings;
        this.dialect = dialect;
        this.files = SqlFiles.load(dialect); // fails here when a file does not fit the dialect's capabilities
        this.readyChannel = ReadyChannel.forSchema(settings.schema());
        this.ledger = new JdbcLedgerDatabase(this, files.ledger());
        this.leases = new JdbcLeaseStore(this, files.leases());
    }

    /** The pool is created on first use, after {@link #migrate()} has created the schema it points at. */
    private HikariDataSource pool() {
        HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    var config = dialect.poolConfig(settings);
                    config.setPoolName("taskledger-" + dialect.name());
                    // a transaction waits at most this long for a connection (HikariCP's default is 30 s), and a
                    // pooled connection's liveness check before reuse fits inside it
                    long connectMs = settings.connectTimeout().toMillis();
                    config.setConnectionTimeout(connectMs);
                    config.setValidationTimeout(Math.min(connectMs, VALIDATION_TIMEOUT_MS));
                    pool = new HikariDataSource(config);
                }
                p = pool;
            }
        }
        return p;
    }

    /** HikariCP's default; lowered to the connect timeout when that is shorter. */
    private static final long VALIDATION_TIMEOUT_MS = 5_000;

    @Override
    public <T> T inOneTransaction(Function<StoreTx, T> work) {
        return onConnection(c -> work.apply(new JdbcStoreTx(c, dialect, files, readyChannel)));
    }

    @Override
    public LedgerDatabase ledger() {
        return ledger;
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * {@link #onConnection}, run again on a conflict as {@link Store#inTransaction} runs the queue's transactions: the
     * transactions of the ledger and of the job leases, which do not go through {@link StoreTx}.
     */
    <T> T inRetriedTransaction(Function<Connection, T> work) {
        return Store.retryingConflicts(() -> onConnection(work));
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection, once, and commits when it returns; rolls back
     * when it throws and rethrows. Conflicts are retried by the caller ({@link Store#retryingConflicts}).
     */
    <T> T onConnection(Function<Connection, T> work) {
        Connection c;
        try {
            c = pool().getConnection();
        } catch (SQLException e) {
            throw dialect.translate(e, "getConnection");
        }
        try (c) {
            try {
                dialect.begin(c);
                T result = work.apply(c);
                dialect.commit(c);
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw dialect.translate(e, "commit");
            }
        } catch (SQLException e) {
            throw dialect.translate(e, "close");
        }
    }

    private void rollbackQuietly(Connection c) {
        try {
            dialect.rollback(c);
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public StoreCapabilities capabilities() {
        return dialect.capabilities();
    }

    @Override
    public void migrate() {
        MigrationHistory.adoptLegacyTable(settings, dialect);
        String schema = dialect.flywaySchema(settings);
        var config = Flyway.configure()
                .dataSource(dialect.driverUrl(settings.url()), settings.user(), settings.password())
                .locations("classpath:db/migration/" + dialect.name())
                .table(MigrationHistory.TABLE)
                .loggers("slf4j");
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        try {
            var result = config.load().migrate();
            LOG.info("schema of {} at version {} ({} migration(s) applied now)", describe(),
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new dev.taskledger.store.StoreException.Unavailable("schema migration failed on " + describe() + ": " + e.getMessage(), e);
        }
        settingWarnings().forEach(warning -> LOG.warn("{}", warning));
    }

    /** What {@link Dialect#settingWarnings} finds wrong with the database's settings (logged at start by migrate). */
    List<String> settingWarnings() {
        try (Connection c = pool().getConnection()) {
            List<String> warnings = dialect.settingWarnings(c);
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return warnings;
        } catch (SQLException e) {
            throw dialect.translate(e, "settingWarnings");
        }
    }

    @Override
    public AutoCloseable subscribeReady(Consumer<String> listener) {
        if (!dialect.supportsListenNotify()) {
            return () -> { };
        }
        return new PostgresReadyListener(settings, readyChannel, listener);
    }

    /** The dialect's {@code readClock} statement on a pooled connection; SQLite has none (it runs in this process). */
    @Override
    public Optional<ClockReading> readClock() {
        if (!dialect.supportsReadClock()) {
            return Optional.empty();
        }
        try (Connection c = pool().getConnection();
             PreparedStatement ps = c.prepareStatement(files.tasks().get(TaskSql.READ_CLOCK).jdbcSql())) {
            long sent = System.nanoTime();
            Instant databaseTime;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                databaseTime = dialect.instant(rs, "now");
            }
            long received = System.nanoTime();
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return Optional.of(new ClockReading(databaseTime, sent, received));
        } catch (SQLException e) {
            throw dialect.translate(e, "readClock");
        }
    }

    @Override
    public boolean isHealthy() {
        try (Connection c = pool().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            s.execute("SELECT 1");
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("health check of {} failed: {}", describe(), e.getMessage());
            return false;
        }
    }

    @Override
    public String describe() {
        String url = settings.url().replaceAll("(?i)(password=)[^&;]*", "$1***");
        return dialect.flywaySchema(settings) == null ? url : url + " (schema " + settings.schema() + ")";
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
