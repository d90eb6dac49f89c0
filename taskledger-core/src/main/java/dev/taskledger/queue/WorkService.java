package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Text;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreTx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The worker side of the lifecycle: claim, heartbeat, complete, fail. A claimed task carries a lease token;
 * a call that presents a token that is no longer the task's is refused (409 "lease lost") so a worker
 * whose lease expired cannot overwrite the attempt that replaced it.
 */
public final class WorkService {
    public static final int MAX_ERROR_LENGTH = 100_000;

    private final Store store;
    private final Clock clock;
    private final ReadySignal readySignal;
    private final Backoff backoff;
    private final Duration pollInterval;
    private final EventLog eventLog;

    public WorkService(Store store, Clock clock, ReadySignal readySignal, Backoff backoff, Duration pollInterval) {
        this(store, clock, readySignal, backoff, pollInterval, new EventLog(false));
    }

    public WorkService(Store store, Clock clock, ReadySignal readySignal, Backoff backoff, Duration pollInterval,
                       EventLog eventLog) {
        this.store = store;
        this.clock = clock;
        this.readySignal = readySignal;
        this.backoff = backoff;
        this.pollInterval = pollInterval;
        this.eventLog = eventLog;
    }

    /** {@link #claim(ClaimRequest, ClaimClient)} for a client nobody watches. */
    public List<Task> claim(ClaimRequest r) throws InterruptedException {
        return claim(r, ClaimClient.UNWATCHED);
    }

    /**
     * Claims ready tasks; with {@code waitSeconds} it waits until some are ready: woken by {@link ReadySignal} to
     * look again, or handed the new tasks of a create on this node, claimed in the create's own transaction.
     * Once {@code client} has gone the claim stops waiting and looks no more; what it claimed before it could
     * tell is the caller's to deliver or {@link #returnUndelivered return}.
     */
    public List<Task> claim(ClaimRequest r, ClaimClient client) throws InterruptedException {
        int limit = TaskLimits.range("limit", r.limit(), 1, 1, TaskLimits.MAX_CLAIM);
        int wait = TaskLimits.range("wait_seconds", r.waitSeconds(), 0, 0, TaskLimits.MAX_WAIT_SECONDS);
        String worker = requireWorker(r.worker());
        Integer leaseSeconds = r.leaseSeconds() == null ? null
                : TaskLimits.range("lease_seconds", r.leaseSeconds(), 0, 1, TaskLimits.MAX_LEASE_SECONDS);
        for (String type : r.types()) {
            TaskLimits.requireType(type);
        }
        long arrived = System.nanoTime();
        long deadline = arrived + TimeUnit.SECONDS.toNanos(wait);
        boolean waited = false;
        while (!client.isGone()) {
            long generation = readySignal.generation();
            Instant now = now();
            TaskClaim claim = new TaskClaim(r.tenant(), r.types(), limit, worker, Ids.newId(now).toString(), leaseSeconds, now);
            List<Task> claimed = claimNow(claim);
            if (waited && claimed.size() == limit) {
                // found a full batch after waiting (tasks that came due, say): there may be more, so the claims
                // still waiting for their turn look now too
                readySignal.signal(r.tenant(), claim.types().isEmpty() ? null : claim.types());
            }
            long remaining = deadline - System.nanoTime();
            if (!claimed.isEmpty() || remaining <= 0 || readySignal.isClosed()) { // closed: the node is stopping
                return claimed;
            }
            ReadySignal.Waiter waiter = readySignal.startWaiting(claim, generation, pollInterval.toNanos(), arrived);
            List<Task> handed;
            client.onGone(() -> readySignal.leave(waiter));
            try {
                handed = readySignal.awaitWork(waiter, remaining);
            } finally {
                client.onGone(null);
            }
            if (!handed.isEmpty()) {
                return handed;
            }
            waited = true;
        }
        return List.of();
    }

    /**
     * Claims in one transaction, timed once it holds its connection: a claim that waited for one (a database outage,
     * an exhausted pool) must not hand out a lease that ran out while it waited.
     */
    private List<Task> claimNow(TaskClaim request) {
        String worker = request.worker();
        return store.inTransaction(tx -> {
            Instant now = now();
            List<Task> claimed = tx.tasks().claim(request.at(now));
            if (!claimed.isEmpty()) {
                List<TaskEvent> events = new ArrayList<>(claimed.size());
                for (Task t : claimed) {
                    events.add(TaskEvents.of(t, TaskEvents.worker(worker), TaskEvents.detail().put("attempt", t.retryCount()), now));
                }
                eventLog.appendAll(tx, claimed, events);
            }
            return claimed;
        });
    }

    /** Claims one named task (seed 001); 409 unless it is pending and ready. */
    public Task claimOne(String tenant, UUID id, String worker, Integer leaseSeconds) {
        String owner = requireWorker(worker);
        return Transactions.retryingOnConflict(store, tx -> {
            Task task = TaskService.find(tx, tenant, id);
            Instant now = now();
            if (!task.isReady(now)) {
                String why = task.status() == TaskStatus.PENDING ? "not ready until " + task.runAt() : task.status().wireName();
                throw new ServiceException.TaskConflict(ServiceException.Conflict.NOT_CLAIMABLE,
                        "task " + id + " cannot be claimed: it is " + why, task.status().wireName());
            }
            int lease = leaseSeconds == null ? task.leaseSeconds()
                    : TaskLimits.range("lease_seconds", leaseSeconds, 0, 1, TaskLimits.MAX_LEASE_SECONDS);
            Task claimed = tx.tasks().update(task.toBuilder().status(TaskStatus.PROCESSING).state("Processing")
                    .leaseOwner(owner).leaseToken(Ids.newId(now).toString()).leaseExpiresAt(now.plusSeconds(lease))
                    .retryCount(task.retryCount() + 1).startedAt(now).updatedAt(now).build());
            eventLog.append(tx, claimed, TaskEvents.of(claimed, TaskEvents.worker(owner),
                    TaskEvents.detail().put("attempt", claimed.retryCount()), now));
            return claimed;
        });
    }

    /** Extends the lease; 409 with the current status when the task was cancelled or the lease lost. */
    public Task heartbeat(String tenant, UUID id, Heartbeat hb) {
        TaskLimits.optionalText("state", hb.state(), TaskLimits.MAX_STATE_LENGTH);
        TaskLimits.requireJson("metadata", hb.metadata());
        return Transactions.retryingOnConflict(store, tx -> {
            Task task = holding(tx, tenant, id, hb.leaseToken());
            Instant now = now();
            int lease = hb.leaseSeconds() == null ? task.leaseSeconds()
                    : TaskLimits.range("lease_seconds", hb.leaseSeconds(), 0, 1, TaskLimits.MAX_LEASE_SECONDS);
            TaskBuilder next = task.toBuilder().leaseExpiresAt(now.plusSeconds(lease)).updatedAt(now);
            ObjectNode detail = TaskEvents.detail();
            if (hb.progress() != null) {
                next.progress(TaskLimits.range("progress", hb.progress(), 0, 0, 100));
                detail.put("progress", hb.progress());
            }
            if (hb.state() != null) {
                next.state(hb.state());
            }
            if (hb.metadata() != null) {
                next.metadata(JsonMerge.mergeObject(task.metadata(), hb.metadata()));
                detail.put("metadata", true);
            }
            Task updated = tx.tasks().update(next.build());
            boolean reported = hb.progress() != null || hb.metadata() != null
                    || (hb.state() != null && !hb.state().equals(task.state()));
            if (reported) { // plain lease extensions are not worth an audit row each
                eventLog.append(tx, updated, TaskEvents.of(updated, TaskEvents.worker(task.leaseOwner()), detail, now));
            }
            return updated;
        });
    }

    /**
     * processing → completed, storing {@code resultJson} (null = no result row). Repeating a completion with
     * the same lease token answers the completed task again, so a worker may retry after a network error.
     */
    public Task complete(String tenant, UUID id, String leaseToken, String resultJson) {
        TaskLimits.requireJson("result", resultJson);
        return Transactions.retryingOnConflict(store, tx -> {
            Task current = TaskService.find(tx, tenant, id);
            if (current.status() == TaskStatus.COMPLETED && leaseToken != null && leaseToken.equals(current.leaseToken())) {
                return current;
            }
            Task task = holding(tx, tenant, id, leaseToken);
            Instant now = now();
            Task completed = tx.tasks().update(task.toBuilder().status(TaskStatus.COMPLETED).state("Completed")
                    .progress(100).leaseExpiresAt(null).finishedAt(now).updatedAt(now).build());
            if (resultJson != null) {
                tx.results().putAll(List.of(new TaskResult(id, resultJson, now)));
            }
            eventLog.append(tx, completed, TaskEvents.of(completed, TaskEvents.worker(task.leaseOwner()),
                    TaskEvents.detail().put("attempt", task.retryCount()), now));
            return completed;
        });
    }

    /** processing → pending (backoff) while attempts remain and the error is retryable, else → failed. */
    public Task fail(String tenant, UUID id, Failure failure) {
        String error = failure.error() == null || failure.error().isEmpty() ? "failed without a message" : failure.error();
        if (error.length() > MAX_ERROR_LENGTH) {
            throw ServiceException.invalid("error is longer than " + MAX_ERROR_LENGTH + " characters");
        }
        Text.requireWellFormed("error", error);
        if (failure.retryInSeconds() != null
                && (failure.retryInSeconds() < 0 || failure.retryInSeconds() > TaskLimits.MAX_DELAY_SECONDS)) {
            throw ServiceException.invalid("retry_in_seconds must be between 0 and " + TaskLimits.MAX_DELAY_SECONDS);
        }
        Task result = Transactions.retryingOnConflict(store, tx -> {
            Task task = holding(tx, tenant, id, failure.leaseToken());
            Instant now = now();
            boolean again = failure.retryable() && task.retryCount() < task.maxAttempts();
            TaskBuilder next = task.toBuilder().error(error).clearLease().updatedAt(now);
            ObjectNode detail = TaskEvents.detail().put("attempt", task.retryCount()).put("error", error);
            if (again) {
                Duration delay = failure.retryInSeconds() != null ? Duration.ofSeconds(failure.retryInSeconds())
                        : backoff.delayAfter(task.retryCount());
                Instant runAt = now.plus(delay).truncatedTo(ChronoUnit.MILLIS);
                next.status(TaskStatus.PENDING).state("Retry scheduled").runAt(runAt);
                detail.put("retry_at", runAt.toString());
            } else {
                next.status(TaskStatus.FAILED).state("Failed").finishedAt(now);
                detail.put("retryable", failure.retryable());
            }
            Task updated = tx.tasks().update(next.build());
            eventLog.append(tx, updated, TaskEvents.of(updated, TaskEvents.worker(task.leaseOwner()), detail, now));
            if (again) {
                tx.tasks().notifyReady(tenant);
            }
            return updated;
        });
        if (result.status() == TaskStatus.PENDING && !result.runAt().isAfter(now())) {
            readySignal.signal(tenant, List.of(result.type())); // a retry after backoff is found by the waiting claims' turns
        }
        return result;
    }

    /**
     * processing → pending, ready at once, for a task its worker claimed but never started (a prefetched task at
     * shutdown): the lease is cleared and the claim's attempt given back ({@code retry_count} − 1,
     * {@code started_at} cleared), so releasing costs the task nothing. Needs the claim's lease token; 409 when
     * the task is no longer held under it.
     */
    public Task release(String tenant, UUID id, String leaseToken) {
        if (leaseToken == null || leaseToken.isBlank()) {
            throw ServiceException.invalid("lease_token is required to release a task");
        }
        Task result = Transactions.retryingOnConflict(store, tx -> {
            Task task = holding(tx, tenant, id, leaseToken);
            Instant now = now();
            Task released = tx.tasks().update(task.toBuilder().status(TaskStatus.PENDING).state("Queued").clearLease()
                    .retryCount(Math.max(0, task.retryCount() - 1)).startedAt(null).runAt(now).updatedAt(now).build());
            eventLog.append(tx, released, TaskEvents.of(released, TaskEvents.worker(task.leaseOwner()),
                    TaskEvents.detail().put("reason", "released unstarted by its worker").put("attempt", task.retryCount()), now));
            tx.tasks().notifyReady(tenant);
            return released;
        });
        readySignal.signal(tenant, List.of(result.type()));
        return result;
    }

    /**
     * Puts tasks a claim took back to pending, ready at once in their old place in the queue, because the claim's
     * answer never reached its client: as a {@link #release}, the attempt is given back ({@code retry_count} − 1,
     * {@code started_at} cleared) and a {@code SYSTEM} event says why. A task no longer held under the lease its
     * claim gave it (cancelled or deleted meanwhile, say) is left as it is. One transaction for all.
     *
     * @return the tasks put back
     */
    public List<Task> returnUndelivered(String tenant, List<Task> claimed, Undelivered why) {
        List<Task> returned = Transactions.retryingOnConflict(store, tx -> {
            Instant now = now();
            List<Task> back = new ArrayList<>(claimed.size());
            for (Task sent : claimed) {
                Task task = tx.tasks().get(tenant, sent.id()).orElse(null);
                if (task == null || sent.leaseToken() == null || Holding.refusal(task, sent.leaseToken()) != null) {
                    continue; // deleted, or not held under the lease this claim took any more
                }
                Task queued = tx.tasks().update(task.toBuilder().status(TaskStatus.PENDING).state("Queued").clearLease()
                        .retryCount(Math.max(0, task.retryCount() - 1)).startedAt(null).updatedAt(now).build());
                eventLog.append(tx, queued, TaskEvents.of(queued, TaskEvents.SYSTEM, TaskEvents.detail()
                        .put("reason", why.reason()).put("worker", task.leaseOwner()).put("attempt", task.retryCount()), now));
                back.add(queued);
            }
            if (!back.isEmpty()) {
                tx.tasks().notifyReady(tenant);
            }
            return back;
        });
        if (!returned.isEmpty()) {
            readySignal.signal(tenant, returned.stream().map(Task::type).distinct().toList());
        }
        return returned;
    }

    /**
     * Completes up to {@link TaskLimits#MAX_BATCH} tasks in one transaction. Each item is judged as
     * {@link #complete} would judge it (lease token, status, repeated completion); an item that
     * {@code complete} would refuse gets its error as its outcome and does not stop the others.
     *
     * @return one outcome per item, in the order given
     */
    public List<ItemOutcome> completeAll(String tenant, List<Completion> completions) {
        return new WorkBatches(store, clock, eventLog).completeAll(tenant, completions);
    }

    /**
     * Extends the leases of up to {@link TaskLimits#MAX_BATCH} tasks in one transaction, each judged as
     * {@link #heartbeat} would judge a plain lease extension (409 with the current status when cancelled or
     * the lease lost).
     *
     * @return one outcome per item, in the order given
     */
    public List<ItemOutcome> heartbeatAll(String tenant, List<LeaseExtension> extensions) {
        return new WorkBatches(store, clock, eventLog).heartbeatAll(tenant, extensions);
    }

    /** The task if it is processing and (when a token is given) still held under that token; else 409. */
    private static Task holding(StoreTx tx, String tenant, UUID id, String leaseToken) {
        Task task = TaskService.find(tx, tenant, id);
        ServiceException.TaskConflict refused = Holding.refusal(task, leaseToken);
        if (refused != null) {
            throw refused;
        }
        return task;
    }

    private static String requireWorker(String worker) {
        String w = worker == null || worker.isBlank() ? "anonymous" : worker;
        return TaskLimits.optionalText("worker", w, TaskLimits.MAX_WORKER_LENGTH);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
