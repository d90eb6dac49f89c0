package dev.taskledger.store.mongo;

import com.mongodb.MongoException;
import dev.taskledger.ledger.spi.LedgerDatabase;
import dev.taskledger.ledger.spi.LedgerStore;

import java.util.function.Function;

/**
 * The {@link LedgerDatabase} on MongoDB, on the store's client. No rollback ({@link #transactional()} is false):
 * every record is one atomic write of its own, done when it is called (see {@link MongoLedgerStore}).
 */
final class MongoLedgerDatabase implements LedgerDatabase {
    private final MongoCollections collections;

    MongoLedgerDatabase(MongoCollections collections) {
        this.collections = collections;
    }

    @Override
    public <T> T inTransaction(Function<LedgerStore, T> work) {
        MongoLedgerStore ledger = new MongoLedgerStore(collections);
        try {
            return work.apply(ledger);
        } catch (MongoException e) {
            throw MongoErrors.translate(e);
        } finally {
            ledger.close();
        }
    }

    @Override
    public boolean transactional() {
        return false;
    }
}
