package dev.taskledger.ledger.spi;

import java.util.function.Function;

/**
 * The ledger's own entry point to its database, apart from the task queue's {@code Store}: nothing writes
 * tasks and ledger entries in one transaction. A backend may serve both over one connection pool.
 * Implementations translate driver errors into {@link dev.taskledger.store.StoreException} at their boundary.
 */
public interface LedgerDatabase {

    /**
     * Runs {@code work} in one transaction and commits when it returns; when it throws, rolls back where
     * {@link #transactional()} and rethrows. The {@link LedgerStore} must not be used after {@code work} returns.
     */
    <T> T inTransaction(Function<LedgerStore, T> work);

    /**
     * Whether a transaction whose work throws leaves none of its writes. False on MongoDB, where each record is
     * its own atomic write (see {@link LedgerStore#record}).
     */
    boolean transactional();
}
