package dev.taskledger.store.jdbc;

import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.testkit.ExternalDatabases;
import dev.taskledger.testkit.StoreFixture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A unique schema per store on an external database server (the test skips visibly when its URL is unset),
 * dropped when the store is disposed of. On PostgreSQL the schema is a schema; on MySQL/MariaDB the schema
 * setting names a database.
 */
final class ExternalDatabaseFixture implements StoreFixture {
    private final Supplier<String> url;
    private final String dropStatement;
    private final StoreCapabilities capabilities;
    private final Map<Store, JdbcSettings> settings = new ConcurrentHashMap<>();

    private ExternalDatabaseFixture(Supplier<String> url, String dropStatement, StoreCapabilities capabilities) {
        this.url = url;
        this.dropStatement = dropStatement;
        this.capabilities = capabilities;
    }

    /** Schemas in the database of TASKLEDGER_TEST_POSTGRES_URL. */
    static ExternalDatabaseFixture postgres() {
        return new ExternalDatabaseFixture(ExternalDatabases::postgresUrl, "DROP SCHEMA IF EXISTS %s CASCADE",
                new StoreCapabilities("postgresql", true, true, true, true));
    }

    /** Databases on the server of TASKLEDGER_TEST_MARIADB_URL; no LISTEN/NOTIFY, and keys compare by collation. */
    static ExternalDatabaseFixture mariadb() {
        return new ExternalDatabaseFixture(ExternalDatabases::mariadbUrl, "DROP DATABASE IF EXISTS %s",
                new StoreCapabilities("mysql", true, false, true, false));
    }

    @Override
    public StoreBackend newStore() {
        String schema = "tl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        JdbcSettings s = new JdbcSettings(url.get(), null, null, schema, 8);
        StoreBackend store = JdbcStores.open(s);
        settings.put(store, s);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            dispose(store);
            throw e;
        }
        return store;
    }

    @Override
    public StoreCapabilities capabilities() {
        return capabilities;
    }

    /** The URL with any password value shown as {@code ***}, and the schema. */
    @Override
    public String description(Store store) {
        JdbcSettings s = settings.get(store);
        return s.url().replaceAll("(?i)(password=)[^&;]*", "$1***") + " (schema " + s.schema() + ")";
    }

    @Override
    public Optional<StoreBackend> anotherNode(Store store) {
        return Optional.ofNullable(settings.get(store)).map(JdbcStores::open);
    }

    @Override
    public void dispose(Store store) {
        store.close();
        JdbcSettings s = settings.remove(store);
        if (s == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(s.url()); Statement st = c.createStatement()) {
            st.execute(dropStatement.formatted(s.schema()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + s.schema() + ": " + e.getMessage(), e);
        }
    }
}
