package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Ids;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Text;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The worker side of the lifecycle: claim, heartbeat, complete, fail. A claimed task carries a lease token;
 * a call that presents a token that is no longer the task's is refused (409 "lease lost") so a worker
 * whose lease expired cannot overwrite the attempt that replaced it.
 */
public final class WorkService {
    public static final int MAX_ERROR_LENGTH = 100_000;

    private final QueueTransactions transactions;
    private final ReadySignal readySignal;
    private final Backoff backoff;
    private final Duration pollInterval;
    private final WorkBatches batches;
    private final FairClaims fairClaims = new FairClaims();
    private final LimitedClaims limitedClaims;

    /** Built by {@link Queue}. */
    WorkService(QueueTransactions transactions, ReadySignal readySignal, Backoff backoff, Duration pollInterval,
                LimitedClaims limitedClaims) {
        this.limitedClaims = limitedClaims;
        this.transactions = transactions;
        this.readySignal = readySignal;
        this.backoff = backoff;
        this.pollInterval = pollInterval;
        this.batches = new WorkBatches(transactions);
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
        ClaimInput in = ClaimInput.of(r.limit(), r.waitSeconds(), r.worker(), r.leaseSeconds(), r.types());
        int limit = in.limit();
        int wait = in.waitSeconds();
        String worker = in.worker();
        Integer leaseSeconds = in.leaseSeconds();
        long arrived = System.nanoTime();
        long deadline = arrived + TimeUnit.SECONDS.toNanos(wait);
        boolean waited = false;
        while (!client.isGone()) {
            long generation = readySignal.generation();
            Instant now = transactions.now();
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
     * A shared worker's claim across tenants, served fairly ({@link FairClaims} says the rule); each task carries its
     * tenant. With {@code waitSeconds} it looks again whenever tasks may have become ready on this node (any tenant's
     * {@link ReadySignal}) and at least every poll interval, until some are claimed, the time is up or the client went.
     */
    public List<Task> claimShared(SharedClaimRequest r, ClaimClient client) throws InterruptedException {
        ClaimInput in = ClaimInput.of(r.limit(), r.waitSeconds(), r.worker(), r.leaseSeconds(), r.types());
        int limit = in.limit();
        int wait = in.waitSeconds();
        String worker = in.worker();
        Integer leaseSeconds = in.leaseSeconds();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
        while (!client.isGone()) {
            long generation = readySignal.generation();
            List<Task> claimed = claimSharedNow(r.tenants(), r.types(), limit, worker, leaseSeconds);
            if (!claimed.isEmpty() || deadline - System.nanoTime() <= 0 || readySignal.isClosed()) {
                return claimed;
            }
            long lookAgain = System.nanoTime() + Math.min(pollInterval.toNanos(), deadline - System.nanoTime());
            while (readySignal.generation() == generation && lookAgain - System.nanoTime() > 0 && !client.isGone()
                    && !readySignal.isClosed()) {
                TimeUnit.MILLISECONDS.sleep(SHARED_WAIT_STEP_MILLIS);
            }
        }
        return List.of();
    }

    /** How often a waiting shared claim checks whether anything became ready on this node. */
    private static final long SHARED_WAIT_STEP_MILLIS = 10;

    /**
     * One shared claim in one transaction. Each tenant's share goes through the same one-tenant claim as
     * {@link #claimNow} ({@link LimitedClaims#claim}: the store's claim under the tenant's concurrency and rate limits),
     * via {@link FairClaims}; a rule added around that claim must be added here as well.
     */
    private List<Task> claimSharedNow(java.util.Set<String> tenants, List<String> types, int limit, String worker,
                                      Integer leaseSeconds) {
        return transactions.run(log -> {
            Instant now = log.now();
            TaskClaim template = new TaskClaim(null, types, limit, worker, Ids.newId(now).toString(), leaseSeconds, now);
            List<Task> claimed = fairClaims.claim(log.tx().tasks(), share -> limitedClaims.claim(log.tx(), share), tenants,
                    template, now);
            List<EventLog.Change> changes = new ArrayList<>(claimed.size());
            for (Task t : claimed) {
                changes.add(new EventLog.Change(Transition.Kind.CLAIMED, null, t, TaskEvents.worker(worker),
                        TaskEvents.detail().put("attempt", t.retryCount()).put("shared", true)));
            }
            log.recordAll(changes);
            return claimed;
        });
    }

    /**
     * Claims in one transaction, timed once it holds its connection: a claim that waited for one (a database outage,
     * an exhausted pool) must not hand out a lease that ran out while it waited.
     */
    private List<Task> claimNow(TaskClaim request) {
        String worker = request.worker();
        return transactions.run(log -> {
            // the plain claim statement unless the tenant has limits for these types (LimitedClaims)
            List<Task> claimed = limitedClaims.claim(log.tx(), request.at(log.now()));
            List<EventLog.Change> changes = new ArrayList<>(claimed.size());
            for (Task t : claimed) {
                changes.add(new EventLog.Change(Transition.Kind.CLAIMED, null, t, TaskEvents.worker(worker),
                        TaskEvents.detail().put("attempt", t.retryCount())));
            }
            log.recordAll(changes);
            return claimed;
        });
    }

    /** Claims one named task (the task repository API); 409 unless it is pending and ready. */
    public Task claimOne(String tenant, UUID id, String worker, Integer leaseSeconds) {
        String owner = requireWorker(worker);
        return transactions.run(log -> {
            Task task = TaskService.find(log, tenant, id);
            Instant now = log.now();
            TaskTransitions.require(TaskTransitions.refuseClaim(task, now));
            if (!limitedClaims.admit(log.tx(), task, now)) {
                throw new ServiceException.TaskConflict(ServiceException.Conflict.NOT_CLAIMABLE, "task " + id
                        + " cannot be claimed now: a concurrency or rate limit of its tenant holds it back", task.status().wireName());
            }
            int lease = leaseSeconds == null ? task.leaseSeconds()
                    : TaskLimits.range("lease_seconds", leaseSeconds, 0, 1, TaskLimits.MAX_LEASE_SECONDS);
            Task claimed = TaskTransitions.claim(task, owner, Ids.newId(now).toString(), lease, now);
            return log.update(Transition.Kind.CLAIMED, task, claimed, TaskEvents.worker(owner),
                    TaskEvents.detail().put("attempt", claimed.retryCount()));
        });
    }

    /** Extends the lease; 409 with the current status when the task was cancelled or the lease lost. */
    public Task heartbeat(String tenant, UUID id, Heartbeat hb) {
        TaskLimits.optionalText("state", hb.state(), TaskLimits.MAX_STATE_LENGTH);
        TaskLimits.requireJson("metadata", hb.metadata());
        return transactions.run(log -> {
            Task task = holding(log, tenant, id, hb.leaseToken());
            int lease = hb.leaseSeconds() == null ? task.leaseSeconds()
                    : TaskLimits.range("lease_seconds", hb.leaseSeconds(), 0, 1, TaskLimits.MAX_LEASE_SECONDS);
            ObjectNode detail = TaskEvents.detail();
            Integer progress = null;
            if (hb.progress() != null) {
                progress = TaskLimits.range("progress", hb.progress(), 0, 0, 100);
                detail.put("progress", hb.progress());
            }
            String metadata = null;
            if (hb.metadata() != null) {
                metadata = JsonMerge.mergeObject(task.metadata(), hb.metadata());
                detail.put("metadata", true);
            }
            boolean reported = hb.progress() != null || hb.metadata() != null
                    || (hb.state() != null && !hb.state().equals(task.state()));
            Task next = TaskTransitions.heartbeat(task, lease, progress, hb.state(), metadata, log.now());
            // plain lease extensions are not worth an audit row each
            return log.update(Transition.Kind.HEARTBEAT, task, next, TaskEvents.worker(task.leaseOwner()), reported ? detail : null);
        });
    }

    /**
     * processing → completed, storing {@code resultJson} (null = no result row). Repeating a completion with
     * the same lease token answers the completed task again, so a worker may retry after a network error.
     */
    public Task complete(String tenant, UUID id, String leaseToken, String resultJson) {
        TaskLimits.requireJson("result", resultJson);
        return transactions.run(log -> {
            Task current = TaskService.find(log, tenant, id);
            if (TaskTransitions.isRepeatedCompletion(current, leaseToken)) {
                // where a store cannot roll back (MongoDB), an attempt that completed the task may have conflicted later
                TaskDependencies.settleAgain(log, current);
                return current;
            }
            Task task = holding(log, tenant, id, leaseToken);
            Instant now = log.now();
            Task completed = log.update(Transition.Kind.COMPLETED, task, TaskTransitions.complete(task, now),
                    TaskEvents.worker(task.leaseOwner()), TaskEvents.detail().put("attempt", task.retryCount()));
            if (resultJson != null) {
                log.tx().results().putAll(List.of(new TaskResult(id, resultJson, now)));
            }
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
        return transactions.run(log -> {
            Task task = holding(log, tenant, id, failure.leaseToken());
            Instant now = log.now();
            ObjectNode detail = TaskEvents.detail().put("attempt", task.retryCount()).put("error", error);
            String actor = TaskEvents.worker(task.leaseOwner());
            if (!TaskTransitions.retriesAfterFailure(task, failure.retryable())) {
                detail.put("retryable", failure.retryable());
                return log.update(Transition.Kind.FAILED, task, TaskTransitions.failForGood(task, error, now), actor, detail);
            }
            Duration delay = failure.retryInSeconds() != null ? Duration.ofSeconds(failure.retryInSeconds())
                    : backoff.delayAfter(task.retryCount());
            Instant runAt = now.plus(delay).truncatedTo(ChronoUnit.MILLIS);
            detail.put("retry_at", runAt.toString());
            Task pending = log.update(Transition.Kind.RETRY_SCHEDULED, task, TaskTransitions.retryLater(task, error, runAt, now),
                    actor, detail);
            log.notifyOtherNodes(tenant);
            return pending;
        });
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
        return transactions.run(log -> {
            Task task = TaskService.find(log, tenant, id); // unstarted: its execution deadline does not matter
            TaskTransitions.require(TaskTransitions.refuseWorkerCall(task, leaseToken));
            Task released = log.update(Transition.Kind.RELEASED, task, TaskTransitions.release(task, log.now()),
                    TaskEvents.worker(task.leaseOwner()),
                    TaskEvents.detail().put("reason", "released unstarted by its worker").put("attempt", task.retryCount()));
            log.notifyOtherNodes(tenant);
            return released;
        });
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
        return transactions.run(log -> {
            List<Task> back = new ArrayList<>(claimed.size());
            for (Task sent : claimed) {
                Task task = log.tx().tasks().get(tenant, sent.id()).orElse(null);
                if (task == null || sent.leaseToken() == null || TaskTransitions.refuseWorkerCall(task, sent.leaseToken()) != null) {
                    continue; // deleted, or not held under the lease this claim took any more
                }
                back.add(log.update(Transition.Kind.RETURNED_UNDELIVERED, task, TaskTransitions.returnUndelivered(task, log.now()),
                        TaskEvents.SYSTEM, TaskEvents.detail().put("reason", why.reason()).put("worker", task.leaseOwner())
                                .put("attempt", task.retryCount())));
            }
            if (!back.isEmpty()) {
                log.notifyOtherNodes(tenant);
            }
            return back;
        });
    }

    /**
     * Completes up to {@link TaskLimits#MAX_BATCH} tasks in one transaction. Each item is judged as
     * {@link #complete} would judge it (lease token, status, repeated completion); an item that
     * {@code complete} would refuse gets its error as its outcome and does not stop the others.
     *
     * @return one outcome per item, in the order given
     */
    public List<ItemOutcome> completeAll(String tenant, List<Completion> completions) {
        return batches.completeAll(tenant, completions);
    }

    /**
     * Extends the leases of up to {@link TaskLimits#MAX_BATCH} tasks in one transaction, each judged as
     * {@link #heartbeat} would judge a plain lease extension (409 with the current status when cancelled or
     * the lease lost).
     *
     * @return one outcome per item, in the order given
     */
    public List<ItemOutcome> heartbeatAll(String tenant, List<LeaseExtension> extensions) {
        return batches.heartbeatAll(tenant, extensions);
    }

    /**
     * The task if it is processing, before its execution deadline (else 409 timed-out: {@link Timeouts} fails the
     * attempt) and (when a token is given) still held under that token; else 409.
     */
    private static Task holding(EventLog log, String tenant, UUID id, String leaseToken) {
        Task task = TaskService.find(log, tenant, id);
        TaskTransitions.require(TaskTransitions.refuseWorkerCall(task, leaseToken, log.now()));
        return task;
    }

    /** A claim's input, checked once for both kinds of claim (one tenant's, a shared worker's). */
    private record ClaimInput(int limit, int waitSeconds, String worker, Integer leaseSeconds) {
        static ClaimInput of(Integer limit, Integer waitSeconds, String worker, Integer leaseSeconds, List<String> types) {
            for (String type : types) {
                TaskLimits.requireType(type);
            }
            return new ClaimInput(TaskLimits.range("limit", limit, 1, 1, TaskLimits.MAX_CLAIM),
                    TaskLimits.range("wait_seconds", waitSeconds, 0, 0, TaskLimits.MAX_WAIT_SECONDS),
                    requireWorker(worker), leaseSeconds == null ? null
                    : TaskLimits.range("lease_seconds", leaseSeconds, 0, 1, TaskLimits.MAX_LEASE_SECONDS));
        }
    }

    private static String requireWorker(String worker) {
        String w = worker == null || worker.isBlank() ? "anonymous" : worker;
        return TaskLimits.optionalText("worker", w, TaskLimits.MAX_WORKER_LENGTH);
    }
}
