package dev.taskledger.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.taskledger.store.Store;

/**
 * Opens the MongoDB store. Typical wiring (seed 001's variables):
 * <pre>{@code
 * Store store = MongoStores.open(MongoSettings.fromEnv(System.getenv()));
 * store.migrate();
 * }</pre>
 * Timeouts, pool size, TLS, credentials and read/write concerns come from the connection string
 * ({@code ?serverSelectionTimeoutMS=5000&maxPoolSize=50&w=majority} ...).
 */
public final class MongoStores {
    private MongoStores() {}

    /** Opens (but does not migrate) a store with its own client, closed with the store; call {@link Store#migrate()}. */
    public static Store open(MongoSettings settings) {
        ConnectionString cs = new ConnectionString(settings.uri());
        MongoClientSettings.Builder client = MongoClientSettings.builder().applyConnectionString(cs);
        if (cs.getApplicationName() == null) {
            client.applicationName("taskledger");
        }
        return new MongoStore(MongoClients.create(client.build()), true, settings);
    }

    /**
     * Opens a store over a client the caller owns (and closes): several stores, e.g. one per database, can share
     * one connection pool. {@code settings.uri()} is then only used for {@link Store#describe()}.
     */
    public static Store open(MongoClient client, MongoSettings settings) {
        return new MongoStore(client, false, settings);
    }
}
