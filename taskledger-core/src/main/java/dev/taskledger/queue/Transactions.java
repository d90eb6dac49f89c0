package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;

import java.util.function.Function;

/** Runs read-decide-write transactions again when an optimistic update lost a race. */
final class Transactions {
    /** How often a read-decide-write runs before a conflict is reported (here, and per item in WorkBatches). */
    static final int ATTEMPTS = 8;

    private Transactions() {}

    static <T> T retryingOnConflict(Store store, Function<StoreTx, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.inTransaction(work);
            } catch (StoreException.VersionConflict e) {
                if (attempt == ATTEMPTS) {
                    throw ServiceException.concurrentUpdate("task " + e.taskId() + " kept changing concurrently; try again");
                }
                Thread.onSpinWait();
            }
        }
    }
}
