package dev.taskledger.store.mongo;

import dev.taskledger.testkit.InProcessMongo;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreCapabilities;
import dev.taskledger.testkit.ExternalDatabases;
import dev.taskledger.testkit.StoreFixture;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A fresh store per test: a unique database (named {@code tl_test_<random>}) on either the in-process
 * mongo-java-server or the real server of {@code TASKLEDGER_TEST_MONGODB_URI} (skipped visibly when unset),
 * migrated on creation and dropped when the store is disposed of.
 */
final class MongoFixture implements StoreFixture {
    private final Supplier<String> uri;
    private final Map<Store, MongoSettings> settings = new ConcurrentHashMap<>();
    private MongoClient admin;

    private MongoFixture(Supplier<String> uri) {
        this.uri = uri;
    }

    static MongoFixture inProcess() {
        return new MongoFixture(InProcessMongo::uri);
    }

    static MongoFixture external() {
        return new MongoFixture(ExternalDatabases::mongodbUri);
    }

    @Override
    public StoreBackend newStore() {
        String database = "tl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        MongoSettings s = new MongoSettings(uri.get(), database, "tasks");
        StoreBackend store = MongoStores.open(s);
        settings.put(store, s);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            dispose(store);
            throw e;
        }
        return store;
    }

    /** Claims skip taken tasks; no notifications to other nodes; writes of several documents are not atomic. */
    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities("mongodb", true, false, false, true);
    }

    /** The hosts (no credentials or options), the database and the collections. */
    @Override
    public String description(Store store) {
        MongoSettings s = settings.get(store);
        return "mongodb://" + String.join(",", new ConnectionString(s.uri()).getHosts()) + "/" + s.database()
                + " (collections tasks*, inv_tasks)";
    }

    @Override
    public Optional<StoreBackend> anotherNode(Store store) {
        return Optional.ofNullable(settings.get(store)).map(MongoStores::open);
    }

    @Override
    public void dispose(Store store) {
        store.close();
        MongoSettings s = settings.remove(store);
        if (s != null) {
            admin(s.uri()).getDatabase(s.database()).drop();
        }
    }

    private synchronized MongoClient admin(String uri) {
        if (admin == null) {
            admin = MongoClients.create(uri);
        }
        return admin;
    }
}
