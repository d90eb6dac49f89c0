package dev.taskledger.store;

import dev.taskledger.jobs.spi.LeaseStore;
import dev.taskledger.ledger.spi.LedgerDatabase;

/**
 * One database as a backend module opens it: the task queue's {@link Store}, and beside it the ledger's
 * {@link LedgerDatabase} and the singleton jobs' {@link LeaseStore}, three separate SPIs over one connection
 * pool. {@link #migrate()} creates the tables of all three; {@link #close()} closes the pool.
 */
public interface StoreBackend extends Store {

    LedgerDatabase ledger();

    LeaseStore leases();
}
