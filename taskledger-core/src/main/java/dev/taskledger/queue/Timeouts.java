package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Enforces execution timeouts: a processing task whose attempt ran past its deadline ({@link Task#deadline()},
 * {@code started_at + timeout_seconds} by the database clock) fails that attempt with error "timed out", even while
 * its worker heartbeats: back to pending after the usual backoff while attempts remain, else failed
 * ({@link TaskTransitions#timedOut}), with a {@code SYSTEM} event. Distinct from the lease, which only detects dead
 * workers. Run by the server's lease loop (every {@code TASKLEDGER_LEASE_CHECK_MS}); until it runs, the worker's
 * calls on an overdue task are already refused with 409 timed-out ({@link TaskTransitions#refuseWorkerCall}).
 * Each task is its own transaction; a task that changed meanwhile is left alone.
 */
public final class Timeouts {
    private static final Logger LOG = LoggerFactory.getLogger(Timeouts.class);

    private final QueueTransactions transactions;
    private final Backoff backoff;

    /** Built by {@link Queue}. */
    Timeouts(QueueTransactions transactions, Backoff backoff) {
        this.transactions = transactions;
        this.backoff = backoff;
    }

    /** Times out up to {@code limit} overdue attempts; returns how many tasks it moved. */
    public int timeOutOverdue(int limit) {
        List<Task> overdue = transactions.run(log -> log.tx().tasks().findTimedOut(log.now(), limit));
        int moved = 0;
        for (Task task : overdue) {
            Task after = transactions.run(log -> timeOut(log, task));
            if (after == null) {
                LOG.debug("task {} changed while its timed-out attempt was being failed; left alone", task.id());
                continue;
            }
            moved++;
            LOG.info("task {} (type {}, worker {}) ran past its timeout of {} s: now {}", task.id(), task.type(),
                    task.leaseOwner(), task.timeoutSeconds(), after.status().wireName());
        }
        return moved;
    }

    /** {@code overdue} timed out, or null when it is gone, changed since it was found, or not overdue after all. */
    private Task timeOut(EventLog log, Task overdue) {
        Task task = log.tx().tasks().get(overdue.tenant(), overdue.id()).orElse(null);
        Instant now = log.now();
        if (task == null || task.version() != overdue.version() || !task.isPastDeadline(now)) {
            return null;
        }
        Instant retryAt = now.plus(backoff.delayAfter(task.retryCount())).truncatedTo(ChronoUnit.MILLIS);
        Task after = TaskTransitions.timedOut(task, retryAt, now);
        ObjectNode detail = TaskEvents.detail().put("reason", TaskTransitions.TIMED_OUT_ERROR)
                .put("timeout_seconds", task.timeoutSeconds()).put("worker", task.leaseOwner())
                .put("attempt", task.retryCount()).put("error", TaskTransitions.TIMED_OUT_ERROR);
        Transition.Kind kind;
        if (after.status() == TaskStatus.PENDING) {
            kind = Transition.Kind.RETRY_SCHEDULED;
            detail.put("retry_at", retryAt.toString());
        } else {
            kind = Transition.Kind.FAILED;
        }
        Task written = log.update(kind, task, after, TaskEvents.SYSTEM, detail);
        if (written.status() == TaskStatus.PENDING) {
            log.notifyOtherNodes(written.tenant());
        }
        return written;
    }
}
