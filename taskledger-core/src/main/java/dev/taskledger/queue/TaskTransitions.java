package dev.taskledger.queue;

import dev.taskledger.common.ServiceException.Conflict;
import dev.taskledger.common.ServiceException.TaskConflict;

import java.time.Instant;
import java.util.Map;

/**
 * The task state machine: every transition computes the next row of a task from its current one, and every rule
 * that decides whether a transition may happen lives here. Services read, ask, and write what this class computed;
 * the stores' claim statements take the claimed status and state from {@link TaskClaim} (which applies
 * {@link #claim}) as parameters. A new state or field is a change here, not in each service or dialect.
 */
public final class TaskTransitions {
    /** The {@code state} texts the queue itself writes (a worker or an edit may write any other). */
    public static final String QUEUED = "Queued";
    public static final String PROCESSING = "Processing";
    public static final String COMPLETED = "Completed";
    public static final String RETRY_SCHEDULED = "Retry scheduled";
    public static final String FAILED = "Failed";
    public static final String CANCELLED = "Cancelled by user";
    public static final String LEASE_EXPIRED_QUEUED = "Lease expired; queued again";
    /** The error of an attempt that ran past its execution timeout ({@link #timedOut}). */
    public static final String TIMED_OUT_ERROR = "timed out";
    public static final String TIMED_OUT_RETRY_SCHEDULED = "Timed out; retry scheduled";
    public static final String TIMED_OUT_FAILED = "Timed out";

    private TaskTransitions() {}

    /** A new pending task: {@code draft} carries what the request chose (id, type, payload, limits, run_at). */
    static Task create(TaskBuilder draft, Instant now) {
        return draft.status(TaskStatus.PENDING).state(QUEUED).progress(0).retryCount(0).version(0)
                .createdAt(now).updatedAt(now).build();
    }

    /**
     * pending → processing under a new lease of {@code leaseSeconds}; the claim is one more attempt. As every
     * transition here, the version is left as read: the store's write moves it on.
     */
    static Task claim(Task pending, String worker, String leaseToken, int leaseSeconds, Instant now) {
        return pending.toBuilder().status(TaskClaim.CLAIMED_STATUS).state(TaskClaim.CLAIMED_STATE).leaseOwner(worker)
                .leaseToken(leaseToken).leaseExpiresAt(now.plusSeconds(leaseSeconds)).retryCount(pending.retryCount() + 1)
                .startedAt(now).updatedAt(now).build();
    }

    /**
     * The lease extended by {@code leaseSeconds} from {@code now}; {@code progress}, {@code state} and
     * {@code metadata} (already merged) replace the task's where not null.
     */
    static Task heartbeat(Task task, int leaseSeconds, Integer progress, String state, String metadata, Instant now) {
        return edit(task, state, progress, null, metadata, null, now).toBuilder()
                .leaseExpiresAt(now.plusSeconds(leaseSeconds)).build();
    }

    /** processing → completed; the lease owner and token stay, so a repeated completion can be recognised. */
    static Task complete(Task task, Instant now) {
        return task.toBuilder().status(TaskStatus.COMPLETED).state(COMPLETED).progress(100).leaseExpiresAt(null)
                .finishedAt(now).updatedAt(now).build();
    }

    /** Whether a failed attempt goes back to the queue: the worker says it may, and attempts remain. */
    static boolean retriesAfterFailure(Task task, boolean retryable) {
        return retryable && task.retryCount() < task.maxAttempts();
    }

    /** processing → pending at {@code runAt}, after a failed attempt ({@link #retriesAfterFailure}). */
    static Task retryLater(Task task, String error, Instant runAt, Instant now) {
        return task.toBuilder().error(error).clearLease().updatedAt(now)
                .status(TaskStatus.PENDING).state(RETRY_SCHEDULED).runAt(runAt).build();
    }

    /** processing → failed, for good. */
    static Task failForGood(Task task, String error, Instant now) {
        return task.toBuilder().error(error).clearLease().updatedAt(now)
                .status(TaskStatus.FAILED).state(FAILED).finishedAt(now).build();
    }

    /** processing → pending, ready now, with the claim's attempt given back: the worker never started it. */
    static Task release(Task task, Instant now) {
        return unclaimed(task, now).runAt(now).build();
    }

    /** processing → pending in its old place in the queue, attempt given back: the claim's answer never arrived. */
    static Task returnUndelivered(Task task, Instant now) {
        return unclaimed(task, now).build();
    }

    private static TaskBuilder unclaimed(Task task, Instant now) {
        return task.toBuilder().status(TaskStatus.PENDING).state(QUEUED).clearLease()
                .retryCount(Math.max(0, task.retryCount() - 1)).startedAt(null).updatedAt(now);
    }

    /** Whether a task whose lease expired goes back to the queue (attempts remain) rather than failing. */
    static boolean requeuesAfterLeaseExpiry(Task task) {
        return task.retryCount() < task.maxAttempts();
    }

    /** An expired lease: processing → pending, ready now, while attempts remain ({@link #requeuesAfterLeaseExpiry}); else → failed. */
    static Task leaseExpired(Task task, Instant now) {
        String error = "lease expired at " + task.leaseExpiresAt() + " (worker " + task.leaseOwner() + ")";
        TaskBuilder b = task.toBuilder().clearLease().error(error).updatedAt(now);
        if (requeuesAfterLeaseExpiry(task)) {
            return b.status(TaskStatus.PENDING).state(LEASE_EXPIRED_QUEUED).runAt(now).build();
        }
        return b.status(TaskStatus.FAILED).state(FAILED).finishedAt(now).build();
    }

    /**
     * An attempt that ran past its execution timeout ({@link Task#isPastDeadline}), even while heartbeating: it fails
     * with error {@link #TIMED_OUT_ERROR}, retried at {@code retryAt} by the usual rules ({@link #retriesAfterFailure}
     * with a retryable error), else failed for good. The lease token stays (owner and expiry go), so the worker still
     * holding it is told its attempt timed out ({@link #refuseWorkerCall}) until the task is claimed again.
     */
    static Task timedOut(Task task, Instant retryAt, Instant now) {
        TaskBuilder b = task.toBuilder().error(TIMED_OUT_ERROR).clearLease().leaseToken(task.leaseToken()).updatedAt(now);
        if (retriesAfterFailure(task, true)) {
            return b.status(TaskStatus.PENDING).state(TIMED_OUT_RETRY_SCHEDULED).runAt(retryAt).build();
        }
        return b.status(TaskStatus.FAILED).state(TIMED_OUT_FAILED).finishedAt(now).build();
    }

    /** pending or processing → cancelled. */
    static Task cancel(Task task, Instant now) {
        return task.toBuilder().status(TaskStatus.CANCELLED).state(CANCELLED).clearLease().finishedAt(now)
                .updatedAt(now).build();
    }

    /** failed or cancelled → pending, ready now, with its attempts counted from 0 again and its error cleared. */
    static Task retry(Task task, Instant now) {
        return task.toBuilder().status(TaskStatus.PENDING).state(QUEUED).retryCount(0).error(null).runAt(now)
                .finishedAt(null).clearLease().updatedAt(now).build();
    }

    /** An edit: each non-null value replaces the task's ({@code metadata} and {@code tags} already merged). */
    static Task edit(Task task, String state, Integer progress, Integer priority, String metadata,
                     Map<String, String> tags, Instant now) {
        TaskBuilder next = task.toBuilder().updatedAt(now);
        if (state != null) {
            next.state(state);
        }
        if (progress != null) {
            next.progress(progress);
        }
        if (priority != null) {
            next.priority(priority);
        }
        if (metadata != null) {
            next.metadata(metadata);
        }
        if (tags != null) {
            next.tags(tags);
        }
        return next.build();
    }

    /**
     * Why a worker call (complete, fail, heartbeat, release; single or batched) presenting {@code leaseToken}
     * (null: none, as a client without tokens) may not change {@code task} at {@code now}; null when it may. The task
     * must be processing, before its execution deadline, and, when a token is presented, still held under it.
     */
    public static TaskConflict refuseWorkerCall(Task task, String leaseToken, Instant now) {
        TaskConflict refusal = refuseWorkerCall(task, leaseToken);
        if (refusal == null && task.isPastDeadline(now)) {
            return timedOutConflict(task);
        }
        return refusal;
    }

    /** {@link #refuseWorkerCall(Task, String, Instant)} without the deadline (a release or an undelivered claim). */
    public static TaskConflict refuseWorkerCall(Task task, String leaseToken) {
        String status = task.status().wireName();
        if (task.status() == TaskStatus.CANCELLED) {
            return new TaskConflict(Conflict.CANCELLED, "task " + task.id() + " was cancelled", status);
        }
        if (task.status() != TaskStatus.PROCESSING && leaseToken != null && leaseToken.equals(task.leaseToken())
                && (task.state().equals(TIMED_OUT_RETRY_SCHEDULED) || task.state().equals(TIMED_OUT_FAILED))) {
            return timedOutConflict(task); // the attempt under this token was timed out by the server
        }
        if (task.status() != TaskStatus.PROCESSING) {
            return new TaskConflict(Conflict.NOT_PROCESSING, "task " + task.id() + " is " + status + ", not processing", status);
        }
        if (leaseToken != null && !leaseToken.equals(task.leaseToken())) {
            return new TaskConflict(Conflict.LEASE_LOST, "lease lost: task " + task.id()
                    + " is no longer held under this lease token (it expired and the task was claimed again)", status);
        }
        return null;
    }

    private static TaskConflict timedOutConflict(Task task) {
        return new TaskConflict(Conflict.TIMED_OUT, "task " + task.id() + " timed out: its attempt ran past its"
                + " execution timeout of " + task.timeoutSeconds() + " s", task.status().wireName());
    }

    /** A completion repeated under the lease token that completed the task: answered with the task as it is. */
    static boolean isRepeatedCompletion(Task task, String leaseToken) {
        return task.status() == TaskStatus.COMPLETED && leaseToken != null && leaseToken.equals(task.leaseToken());
    }

    /** Why {@code task} may not be claimed by its id at {@code now} (it must be pending and ready); null when it may. */
    static TaskConflict refuseClaim(Task task, Instant now) {
        if (task.isReady(now)) {
            return null;
        }
        String why = task.status() == TaskStatus.PENDING ? "not ready until " + task.runAt() : task.status().wireName();
        return new TaskConflict(Conflict.NOT_CLAIMABLE, "task " + task.id() + " cannot be claimed: it is " + why,
                task.status().wireName());
    }

    /** Why {@code task} may not be cancelled (only pending or processing tasks may); null when it may. */
    static TaskConflict refuseCancel(Task task) {
        if (task.status() == TaskStatus.PENDING || task.status() == TaskStatus.PROCESSING) {
            return null;
        }
        return new TaskConflict(Conflict.NOT_CANCELLABLE, "task " + task.id() + " is " + task.status().wireName()
                + "; only pending or processing tasks can be cancelled", task.status().wireName());
    }

    /** Why {@code task} may not be retried (only failed or cancelled tasks may); null when it may. */
    static TaskConflict refuseRetry(Task task) {
        if (task.status() == TaskStatus.FAILED || task.status() == TaskStatus.CANCELLED) {
            return null;
        }
        return new TaskConflict(Conflict.NOT_RETRYABLE, "task " + task.id() + " is " + task.status().wireName()
                + "; only failed or cancelled tasks can be retried", task.status().wireName());
    }

    /** Throws {@code refusal} when there is one. */
    static void require(TaskConflict refusal) {
        if (refusal != null) {
            throw refusal;
        }
    }
}
