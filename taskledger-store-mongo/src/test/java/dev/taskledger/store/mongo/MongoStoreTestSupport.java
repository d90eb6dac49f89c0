package dev.taskledger.store.mongo;

import dev.taskledger.testkit.InProcessMongo;
import com.mongodb.client.MongoDatabase;
import dev.taskledger.ledger.spi.LedgerStore;
import dev.taskledger.store.StoreBackend;
import dev.taskledger.store.StoreTx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.UUID;
import java.util.function.Function;

/** A fresh, migrated store on the in-process server per test, plus raw access to its database. */
abstract class MongoStoreTestSupport {
    protected MongoSettings settings;
    protected StoreBackend store;
    protected MongoDatabase db;

    @BeforeEach
    void openStore() {
        settings = new MongoSettings(InProcessMongo.uri(), "tl_unit_" + UUID.randomUUID().toString().substring(0, 8), "tasks");
        store = MongoStores.open(settings);
        store.migrate();
        db = InProcessMongo.client().getDatabase(settings.database());
    }

    @AfterEach
    void dropStore() {
        store.close();
        db.drop();
    }

    protected final <T> T tx(Function<StoreTx, T> work) {
        return store.inTransaction(work);
    }

    protected final <T> T inLedger(Function<LedgerStore, T> work) {
        return store.ledger().inTransaction(work);
    }
}
