package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
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
        return run(work, store::inTransaction, null);
    }

    /**
     * {@link #run}, and {@code onCommit} with the result as soon as the transaction committed, before the
     * {@link CommitListener} hears of it: for what someone waits on (a hand-off to a waiting claim), which should not
     * wait for metrics and the outbox relay's wake-up.
     */
    <T> T run(Function<EventLog, T> work, Consumer<T> onCommit) {
        return run(work, store::inTransaction, onCommit);
    }

    /**
     * {@link #run}, but never again: for work that reads its input as it goes (a streamed create), which a second
     * attempt could not read anew. A transaction that lost to a concurrent one is a 409 for the caller at once.
     */
    <T> T runOnce(Function<EventLog, T> work) {
        try {
            return run(work, store::inOneTransaction, null);
        } catch (StoreException.TransientConflict e) {
            throw ServiceException.concurrentUpdate("the transaction lost to a concurrent one; try again");
        }
    }

    /** Whether a transaction's writes roll back when its work throws ({@link dev.taskledger.store.StoreCapabilities#transactional}). */
    boolean rollsBack() {
        return store.capabilities().transactional();
    }

    private <T> T run(Function<EventLog, T> work, Function<Function<StoreTx, T>, T> transaction, Consumer<T> onCommit) {
        EventLog[] last = new EventLog[1];
        T result;
        try {
            result = transaction.apply(tx -> {
                EventLog log = new EventLog(tx, publish, now());
                last[0] = log;
                return work.apply(log);
            });
        } catch (StoreException.VersionConflict e) {
            throw ServiceException.concurrentUpdate("task " + e.taskId() + " kept changing concurrently; try again");
        }
        if (onCommit != null) {
            onCommit.accept(result);
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
