package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Returns tasks whose worker stopped heartbeating: an expired lease goes back to pending while attempts
 * remain, else to failed, with a {@code SYSTEM} event. Each task is its own transaction, and a task that
 * changed meanwhile (a late heartbeat or completion won) is left alone.
 */
public final class LeaseRescuer {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRescuer.class);

    private final Store store;
    private final Clock clock;
    private final ReadySignal readySignal;
    private final EventLog eventLog;

    public LeaseRescuer(Store store, Clock clock, ReadySignal readySignal) {
        this(store, clock, readySignal, new EventLog(false));
    }

    public LeaseRescuer(Store store, Clock clock, ReadySignal readySignal, EventLog eventLog) {
        this.store = store;
        this.clock = clock;
        this.readySignal = readySignal;
        this.eventLog = eventLog;
    }

    /** Rescues up to {@code limit} expired leases; returns how many tasks it moved. */
    public int rescueExpired(int limit) {
        List<Task> expired = store.inTransaction(tx -> tx.tasks().findExpiredLeases(now(), limit));
        int moved = 0;
        for (Task task : expired) {
            try {
                Task after = store.inTransaction(tx -> {
                    Instant now = now();
                    return rescue(tx.tasks().update(next(task, now)), task, now, tx);
                });
                moved++;
                LOG.info("lease of task {} (type {}, worker {}) expired at {}: now {}", task.id(), task.type(),
                        task.leaseOwner(), task.leaseExpiresAt(), after.status().wireName());
            } catch (StoreException.VersionConflict e) {
                LOG.debug("task {} changed while its expired lease was being rescued; left alone", task.id());
            }
        }
        if (moved > 0) {
            readySignal.signal();
        }
        return moved;
    }

    private Task rescue(Task updated, Task before, Instant now, dev.taskledger.store.StoreTx tx) {
        ObjectNode detail = TaskEvents.detail().put("reason", "lease expired").put("worker", before.leaseOwner())
                .put("attempt", before.retryCount());
        eventLog.append(tx, updated, TaskEvents.of(updated, TaskEvents.SYSTEM, detail, now));
        if (updated.status() == TaskStatus.PENDING) {
            tx.tasks().notifyReady(updated.tenant());
        }
        return updated;
    }

    /** Taken inside each transaction, once it holds its connection. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Task next(Task task, Instant now) {
        String error = "lease expired at " + task.leaseExpiresAt() + " (worker " + task.leaseOwner() + ")";
        TaskBuilder b = task.toBuilder().clearLease().error(error).updatedAt(now);
        if (task.retryCount() < task.maxAttempts()) {
            return b.status(TaskStatus.PENDING).state("Lease expired; queued again").runAt(now).build();
        }
        return b.status(TaskStatus.FAILED).state("Failed").finishedAt(now).build();
    }
}
