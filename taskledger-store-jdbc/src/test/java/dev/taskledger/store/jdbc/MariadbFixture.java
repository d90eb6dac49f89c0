package dev.taskledger.store.jdbc;

import dev.taskledger.store.Store;
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

/**
 * A unique database per store on the server of {@code TASKLEDGER_TEST_MARIADB_URL} (the test skips visibly when
 * it is unset); the store's schema setting names the database, which is dropped when the store is disposed of.
 */
final class MariadbFixture implements StoreFixture {
    private final Map<Store, String> schemas = new ConcurrentHashMap<>();
    private final Map<Store, JdbcSettings> settings = new ConcurrentHashMap<>();

    @Override
    public Store newStore() {
        String url = ExternalDatabases.mariadbUrl();
        String schema = "tl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        JdbcSettings s = new JdbcSettings(url, null, null, schema, 8);
        Store store = JdbcStores.open(s);
        schemas.put(store, schema);
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
    public Optional<Store> anotherNode(Store store) {
        return Optional.ofNullable(settings.get(store)).map(JdbcStores::open);
    }

    @Override
    public void dispose(Store store) {
        store.close();
        settings.remove(store);
        String schema = schemas.remove(store);
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(ExternalDatabases.mariadbUrl());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + schema + ": " + e.getMessage(), e);
        }
    }
}
