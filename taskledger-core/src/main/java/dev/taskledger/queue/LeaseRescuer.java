package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Returns tasks whose worker stopped heartbeating: an expired lease goes back to pending while attempts
 * remain, else to failed, with a {@code SYSTEM} event ({@link TaskTransitions#leaseExpired}). Each task is its own
 * transaction, and a task that changed meanwhile (a late heartbeat or completion won) is left alone.
 */
public final class LeaseRescuer {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRescuer.class);

    private final QueueTransactions transactions;

    /** Built by {@link Queue}. */
    LeaseRescuer(QueueTransactions transactions) {
        this.transactions = transactions;
    }

    /** Rescues up to {@code limit} expired leases; returns how many tasks it moved. */
    public int rescueExpired(int limit) {
        List<Task> expired = transactions.run(log -> log.tx().tasks().findExpiredLeases(log.now(), limit));
        int moved = 0;
        for (Task task : expired) {
            Task after = transactions.run(log -> rescue(log, task));
            if (after == null) {
                LOG.debug("task {} changed while its expired lease was being rescued; left alone", task.id());
                continue;
            }
            moved++;
            LOG.info("lease of task {} (type {}, worker {}) expired at {}: now {}", task.id(), task.type(),
                    task.leaseOwner(), task.leaseExpiresAt(), after.status().wireName());
        }
        return moved;
    }

    /** {@code expired} rescued, or null when the task is gone or no longer at the version found expired. */
    private static Task rescue(EventLog log, Task expired) {
        Task task = log.tx().tasks().get(expired.tenant(), expired.id()).orElse(null);
        if (task == null || task.version() != expired.version()) {
            return null;
        }
        ObjectNode detail = TaskEvents.detail().put("reason", "lease expired").put("worker", task.leaseOwner())
                .put("attempt", task.retryCount());
        Transition.Kind kind = TaskTransitions.requeuesAfterLeaseExpiry(task)
                ? Transition.Kind.LEASE_EXPIRED_REQUEUED : Transition.Kind.LEASE_EXPIRED_FAILED;
        Task after = log.update(kind, task, TaskTransitions.leaseExpired(task, log.now()), TaskEvents.SYSTEM, detail);
        if (after.status() == TaskStatus.PENDING) {
            log.notifyOtherNodes(after.tenant());
        }
        return after;
    }
}
