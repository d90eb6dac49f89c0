package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;
import dev.taskledger.store.Store;
import dev.taskledger.store.StoreException;
import dev.taskledger.store.StoreTx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Completes or heartbeats many tasks in one transaction, each item judged exactly as its single-item call
 * ({@link WorkService#complete}, {@link WorkService#heartbeat}) would judge it, so one lost lease does not
 * refuse the rest. The tasks are read with one {@code getAll} and written with one {@code updateAll} (one
 * statement on PostgreSQL), not a round trip per task. Items are applied in id order so two batches touching
 * the same rows lock them in the same order (no deadlock); outcomes come back in request order.
 */
final class WorkBatches {
    private final QueueTransactions transactions;

    WorkBatches(QueueTransactions transactions) {
        this.transactions = transactions;
    }

    List<ItemOutcome> completeAll(String tenant, List<Completion> items) {
        requireSize(items.size());
        for (int i = 0; i < items.size(); i++) { // a result that cannot be stored refuses the request, as a malformed item
            TaskLimits.requireJson("completions[" + i + "].result", items.get(i).resultJson());
        }
        return transactions.run(log -> {
            StoreTx tx = log.tx();
            Instant now = log.now();
            boolean[] wrote = new boolean[items.size()];
            ItemOutcome[] out = applyAll(tx, tenant, items.stream().map(Completion::id).toList(), i -> task -> {
                Completion c = items.get(i);
                if (TaskTransitions.isRepeatedCompletion(task, c.leaseToken())) {
                    return task; // answered as before
                }
                TaskTransitions.require(TaskTransitions.refuseWorkerCall(task, c.leaseToken(), now));
                return TaskTransitions.complete(task, now);
            }, wrote);
            List<EventLog.Change> changes = new ArrayList<>();
            List<TaskResult> results = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!wrote[i]) {
                    continue;
                }
                Task completed = out[i].task();
                Completion c = items.get(i);
                if (c.resultJson() != null) {
                    results.add(new TaskResult(c.id(), c.resultJson(), now));
                }
                // completing keeps the lease owner and the attempt count of the task it completed
                changes.add(new EventLog.Change(Transition.Kind.COMPLETED, null, completed,
                        TaskEvents.worker(completed.leaseOwner()), TaskEvents.detail().put("attempt", completed.retryCount())));
            }
            if (!results.isEmpty()) {
                tx.results().putAll(results);
            }
            log.recordAll(changes);
            return List.of(out);
        });
    }

    List<ItemOutcome> heartbeatAll(String tenant, List<LeaseExtension> items) {
        requireSize(items.size());
        return transactions.run(log -> {
            Instant now = log.now();
            boolean[] wrote = new boolean[items.size()];
            ItemOutcome[] out = applyAll(log.tx(), tenant, items.stream().map(LeaseExtension::id).toList(), i -> task -> {
                LeaseExtension e = items.get(i);
                TaskTransitions.require(TaskTransitions.refuseWorkerCall(task, e.leaseToken(), now));
                int lease = e.leaseSeconds() == null ? task.leaseSeconds()
                        : TaskLimits.range("lease_seconds", e.leaseSeconds(), 0, 1, TaskLimits.MAX_LEASE_SECONDS);
                return TaskTransitions.heartbeat(task, lease, null, null, null, now);
            }, wrote);
            List<EventLog.Change> changes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (wrote[i]) { // a plain lease extension writes no event, as the single heartbeat without progress
                    changes.add(new EventLog.Change(Transition.Kind.HEARTBEAT, null, out[i].task(), null, null));
                }
            }
            log.recordAll(changes);
            return List.of(out);
        });
    }

    /**
     * What one item does to its task: the task to write, or the very task it was given when nothing is to be
     * written (the answer is then that task); a {@link ServiceException} refuses the item.
     */
    private interface Change {
        Task apply(Task current);
    }

    /**
     * Applies item {@code i}'s change to the task {@code ids.get(i)} for every item, in id order. The tasks are read
     * with one {@code getAll} and written with one {@code updateAll}; an item whose write lost an optimistic race,
     * or whose task an earlier item of the batch already changed, is then applied on its own (re-reading the task
     * on a lost race, as the single-item call does).
     *
     * @param wrote all false on entry; set to true for each item whose change was written
     * @return one outcome per item, in the order given
     */
    private static ItemOutcome[] applyAll(StoreTx tx, String tenant, List<UUID> ids, IntFunction<Change> changeOf,
                                          boolean[] wrote) {
        Map<UUID, Task> current = new HashMap<>(ids.size() * 2);
        for (Task t : tx.tasks().getAll(tenant, new HashSet<>(ids))) {
            current.put(t.id(), t);
        }
        ItemOutcome[] out = new ItemOutcome[ids.size()];
        List<Integer> alone = new ArrayList<>();
        Map<UUID, Integer> planned = new LinkedHashMap<>();
        List<Task> writes = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i : byId(ids)) {
            UUID id = ids.get(i);
            if (!seen.add(id)) {
                alone.add(i); // the same task twice: judged after the first one's write
                continue;
            }
            Task task = current.get(id);
            if (task == null) {
                out[i] = new ItemOutcome(id, null, TaskService.notFound(id));
                continue;
            }
            try {
                Task next = changeOf.apply(i).apply(task);
                if (next == task) {
                    out[i] = new ItemOutcome(id, task, null);
                } else {
                    planned.put(id, i);
                    writes.add(next);
                }
            } catch (ServiceException e) {
                out[i] = new ItemOutcome(id, null, e);
            }
        }
        for (Task stored : tx.tasks().updateAll(writes)) {
            int i = planned.get(stored.id());
            current.put(stored.id(), stored);
            out[i] = new ItemOutcome(stored.id(), stored, null);
            wrote[i] = true;
        }
        for (Map.Entry<UUID, Integer> p : planned.entrySet()) {
            if (!wrote[p.getValue()]) { // lost a race since getAll: read again, judge again
                tx.tasks().get(tenant, p.getKey()).ifPresentOrElse(t -> current.put(t.id(), t), () -> current.remove(p.getKey()));
                alone.add(p.getValue());
            }
        }
        alone.sort(Comparator.<Integer, UUID>comparing(ids::get).thenComparing(i -> i)); // first occurrence first
        for (int i : alone) {
            out[i] = applyOne(tx, tenant, ids.get(i), current, changeOf.apply(i), wrote, i);
        }
        return out;
    }

    /** Applies one item; a lost optimistic race re-reads that task and tries again, within the same transaction. */
    private static ItemOutcome applyOne(StoreTx tx, String tenant, UUID id, Map<UUID, Task> current, Change change,
                                        boolean[] wrote, int index) {
        for (int attempt = 1; ; attempt++) {
            Task task = current.get(id);
            if (task == null) {
                return new ItemOutcome(id, null, TaskService.notFound(id));
            }
            try {
                Task next = change.apply(task);
                if (next == task) {
                    return new ItemOutcome(id, task, null);
                }
                Task after = tx.tasks().update(next);
                current.put(id, after);
                wrote[index] = true;
                return new ItemOutcome(id, after, null);
            } catch (ServiceException e) {
                return new ItemOutcome(id, null, e);
            } catch (StoreException.VersionConflict e) {
                if (attempt == Store.CONFLICT_ATTEMPTS) { // as often as a whole transaction would run
                    return new ItemOutcome(id, null, ServiceException.concurrentUpdate("task " + id + " kept changing concurrently; try again"));
                }
                tx.tasks().get(tenant, id).ifPresentOrElse(t -> current.put(id, t), () -> current.remove(id));
            }
        }
    }

    private static int[] byId(List<UUID> ids) {
        return IntStream.range(0, ids.size()).boxed().sorted(Comparator.comparing(ids::get)).mapToInt(Integer::intValue).toArray();
    }

    private static void requireSize(int n) {
        if (n < 1 || n > TaskLimits.MAX_BATCH) {
            throw ServiceException.invalid("a batch holds 1 to " + TaskLimits.MAX_BATCH + " items, got " + n);
        }
    }
}
