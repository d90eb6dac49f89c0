package dev.taskledger.queue.spi;

import dev.taskledger.common.Page;
import dev.taskledger.queue.Task;
import dev.taskledger.queue.TaskActivity;
import dev.taskledger.queue.TaskClaim;
import dev.taskledger.queue.TaskQuery;
import dev.taskledger.queue.TaskStats;
import dev.taskledger.queue.TaskStatus;
import dev.taskledger.store.StoreException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The {@code tasks} table. Every read and write is scoped to one tenant unless the method says otherwise. */
public interface TaskStore {

    /** The outcome of inserting one task ({@link dev.taskledger.store.StoreTx#insertTasks}). */
    record Inserted(Task task, boolean created) {
        /** The ids of the tasks that {@code rows} says were inserted (not existing duplicates). */
        public static Set<UUID> createdIds(List<Inserted> rows) {
            Set<UUID> ids = new HashSet<>();
            for (Inserted row : rows) {
                if (row.created()) {
                    ids.add(row.task().id());
                }
            }
            return ids;
        }
    }

    /** The task, or empty when it does not exist or belongs to another tenant. */
    Optional<Task> get(String tenant, UUID id);

    /** The tasks among {@code ids} that exist for this tenant, in any order. */
    List<Task> getAll(String tenant, Collection<UUID> ids);

    /**
     * Writes every mutable field of {@code task} (all but id, tenant, type, payload, input_hash, created_at) and
     * sets {@code version = task.version() + 1}, if and only if the stored row has version
     * {@code task.version()}.
     *
     * @return the task as stored (with the new version)
     * @throws StoreException.VersionConflict when the stored version differs or the row is gone
     */
    Task update(Task task);

    /**
     * {@link #update} for many tasks, in one statement where the database allows it. A task whose stored version
     * differs (or whose row is gone) is not written and is left out of the answer; the caller decides what to do
     * with it. Tasks must have distinct ids.
     *
     * @return the tasks that were written, as stored (with the new version), in any order
     */
    default List<Task> updateAll(List<Task> tasks) {
        List<Task> written = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            try {
                written.add(update(task));
            } catch (StoreException.VersionConflict e) {
                // left out: the caller re-reads it
            }
        }
        return written;
    }

    /** Deletes the task with its events and result; false when there was none for this tenant. */
    boolean delete(String tenant, UUID id);

    /** A page of tasks matching the query; see {@link TaskQuery} for the order. */
    Page<Task> list(TaskQuery query);

    /**
     * Atomically claims ready tasks as described by {@link TaskClaim}: each returned task is exactly
     * {@link TaskClaim#applyTo} of its pending row ({@link TaskStatus#PROCESSING} with {@code lease_owner = worker},
     * {@code lease_token = leaseToken}, {@code lease_expires_at}, {@code retry_count + 1}, {@code started_at = now},
     * {@code updated_at = now}, {@code error} unchanged and {@code version + 1}). Two concurrent claims never return
     * the same task. Returns the tasks in claim order.
     */
    List<Task> claim(TaskClaim claim);

    /**
     * For a shared worker's fair claim ({@code queue.FairClaims}): the tenants whose name sorts after {@code after}
     * (null: from the first) that have pending tasks of {@code types} (empty: any type), in name order, at most
     * {@code limit}. Readiness ({@code run_at}) is left to the claim. The cost grows with the number of tenants
     * walked (one index probe each), never with how many tasks a tenant holds.
     */
    List<String> tenantsWithPendingWork(List<String> types, String after, int limit);

    /** Processing tasks of any tenant whose lease expired before {@code now}, oldest expiry first. */
    List<Task> findExpiredLeases(Instant now, int limit);

    /**
     * Processing tasks of any tenant with an execution timeout whose attempt ran past it at {@code now}
     * ({@code started_at + timeout_seconds <= now}, {@link Task#isPastDeadline}), at most {@code limit}, earliest
     * start first. Heartbeats do not matter.
     */
    List<Task> findTimedOut(Instant now, int limit);

    /**
     * Finished tasks (any tenant) with status in {@code statuses} and {@code finished_at} before
     * {@code finishedBefore}, oldest first, for retention. Never returns pending or processing tasks. Where the
     * database can, the rows are locked until the transaction ends ({@code FOR UPDATE SKIP LOCKED}: a row another
     * transaction is changing, e.g. retrying, is skipped rather than waited for).
     */
    List<Task> findFinishedBefore(Collection<TaskStatus> statuses, Instant finishedBefore, int limit);

    /**
     * Deletes, with their events and results, those of {@code tasks} (any tenant, as read by
     * {@link #findFinishedBefore}) whose row is still at the version read, with a status in {@code statuses}
     * (finished ones only) and {@code finished_at} before {@code finishedBefore}. A task that changed meanwhile
     * (retried, edited) or is gone is left alone.
     *
     * @return the ids of the tasks this call deleted
     */
    Set<UUID> deleteFinished(Collection<Task> tasks, Collection<TaskStatus> statuses, Instant finishedBefore);

    /**
     * Tells other service nodes, when this transaction commits, that tasks of {@code tenant} may be ready
     * (PostgreSQL NOTIFY). A no-op where the database cannot notify.
     */
    default void notifyReady(String tenant) {
    }

    /** Counts per (type, status) and the run_at of the oldest ready pending task at {@code now}. */
    TaskStats stats(String tenant, Instant now);

    /**
     * The tenant's tasks that finished as completed or failed at or after {@code since}, counted per minute (UTC) of
     * {@code finished_at} and status; minutes without any are left out.
     */
    List<TaskActivity.FinishedMinute> finishedPerMinute(String tenant, Instant since);

    /**
     * The lease owners of the tenant's processing tasks and of its tasks that finished (completed or failed) at or
     * after {@code since}, each with its processing count and its tasks' latest {@code updated_at}.
     */
    List<TaskActivity.Worker> workers(String tenant, Instant since);
}
