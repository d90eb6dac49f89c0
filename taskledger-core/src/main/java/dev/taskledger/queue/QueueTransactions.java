package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * Runs the queue services' work in one store transaction with a fresh {@link EventLog}, its time taken inside the
 * transaction (once it holds its connection: a lease must not run out while the transaction waited for one), and
 * tells the {@link CommitListener} what the transaction did only after it committed. The store retries conflicts
 * ({@link Store#inTransaction}); one that kept conflicting is a 409 for the caller.
 */
final class QueueTransactions {
    private final Store store;
    private final Clock clock;
    private final boolean publish;
    private final CommitListener afterCommit;

    QueueTransactions(Store store, Clock clock, boolean publish, CommitListener afterCommit) {
        this.store = store;
        this.clock = clock;
        this.publish = publish;
        this.afterCommit = afterCommit;
    }

    <T> T run(Function<EventLog, T> work) {
        EventLog[] last = new EventLog[1];
        T result;
        try {
            result = store.inTransaction(tx -> {
                EventLog log = new EventLog(tx, publish, now());
                last[0] = log;
                return work.apply(log);
            });
        } catch (StoreException.VersionConflict e) {
            throw ServiceException.concurrentUpdate("task " + e.taskId() + " kept changing concurrently; try again");
        }
        Committed committed = last[0].committed();
        if (!committed.isEmpty()) {
            afterCommit.committed(committed);
        }
        return result;
    }

    /** The service clock's time in milliseconds, the precision stores keep. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
