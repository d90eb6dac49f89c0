package dev.taskledger.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreBackend;

import java.util.concurrent.TimeUnit;

/**
 * Opens the MongoDB store. Typical wiring (the Task Repository Service's variables):
 * <pre>{@code
 * StoreBackend store = MongoStores.open(MongoSettings.fromEnv(System.getenv()));
 * store.migrate();
 * }</pre>
 * Pool size, TLS, credentials and read/write concerns come from the connection string
 * ({@code ?maxPoolSize=50&w=majority} ...); the server selection and connect timeouts too when it sets them, else
 * {@link MongoSettings#connectTimeout()}.
 */
public final class MongoStores {
    private MongoStores() {}

    /** Opens (but does not migrate) a store with its own client, closed with the store; call {@link Store#migrate()}. */
    public static StoreBackend open(MongoSettings settings) {
        ConnectionString cs = new ConnectionString(settings.uri());
        MongoClientSettings.Builder client = MongoClientSettings.builder().applyConnectionString(cs);
        if (cs.getApplicationName() == null) {
            client.applicationName("taskledger");
        }
        long timeoutMs = settings.connectTimeout().toMillis();
        if (cs.getServerSelectionTimeout() == null) { // the driver's default, 30 s, would hold every request that long
            client.applyToClusterSettings(b -> b.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS));
        }
        if (cs.getConnectTimeout() == null) {
            client.applyToSocketSettings(b -> b.connectTimeout((int) timeoutMs, TimeUnit.MILLISECONDS));
        }
        return new MongoStore(MongoClients.create(client.build()), true, settings);
    }

    /**
     * Opens a store over a client the caller owns (and closes): several stores, e.g. one per database, can share
     * one connection pool. {@code settings.uri()} is then only used for {@link Store#describe()}.
     */
    public static StoreBackend open(MongoClient client, MongoSettings settings) {
        return new MongoStore(client, false, settings);
    }
}
