package dev.taskledger.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskledger.common.Page;
import dev.taskledger.common.ServiceException;
import dev.taskledger.common.Timestamps;
import dev.taskledger.queue.spi.TaskCursor;

/**
 * Retry, cancel or delete every task a {@link TaskFilter} selects, in transactions of {@link TaskLimits#BULK_BATCH}
 * tasks, up to {@link TaskLimits#MAX_BULK} per call; each changed task gets its audit event (actor {@code API},
 * detail {@code bulk: true}) as a single retry or cancel gives it (a deleted task goes with its events, as a single
 * delete). A dry run only counts. Each batch lists and acts in one transaction; a concurrent change of one of its
 * tasks makes the batch run again ({@code QueueTransactions}).
 */
public final class TaskBulk {
    private final QueueTransactions transactions;

    /** Built by {@link Queue}. */
    TaskBulk(QueueTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * How many tasks matched (a dry run: would be acted on), how many were changed, and whether the call stopped at
     * {@link TaskLimits#MAX_BULK} with more to do (call again: the changed tasks have left the filter).
     */
    public record Outcome(long matched, long applied, boolean more) {}

    public Outcome run(BulkAction action, TaskFilter filter, boolean dryRun) {
        requireStatus(action, filter.status());
        Timestamps.requireInRange("created_after", filter.createdAfter());
        Timestamps.requireInRange("created_before", filter.createdBefore());
        long matched = 0;
        long applied = 0;
        String cursor = null;
        do {
            String pageCursor = cursor;
            int size = (int) Math.min(TaskLimits.BULK_BATCH, TaskLimits.MAX_BULK - matched);
            Batch batch = transactions.run(log -> {
                Page<Task> page = log.tx().tasks().list(TaskCursor.startOf(filter.page(size, pageCursor)));
                int changed = 0;
                for (Task task : page.items()) {
                    if (!dryRun && apply(log, action, task)) {
                        changed++;
                    }
                }
                if (!dryRun && action == BulkAction.RETRY && changed > 0) {
                    log.notifyOtherNodes(filter.tenant());
                }
                return new Batch(page.items().size(), changed, page.nextCursor());
            });
            matched += batch.listed();
            applied += batch.changed();
            cursor = batch.nextCursor();
        } while (cursor != null && matched < TaskLimits.MAX_BULK);
        return new Outcome(matched, applied, cursor != null);
    }

    private record Batch(int listed, int changed, String nextCursor) {}

    /** Acts on one task as listed in this transaction; false when it is no longer in a status the action takes. */
    private static boolean apply(EventLog log, BulkAction action, Task task) {
        if (!action.actsOn(task.status())) {
            return false;
        }
        ObjectNode detail = TaskEvents.detail().put("from", task.status().wireName()).put("bulk", true);
        switch (action) {
            case RETRY -> log.update(Transition.Kind.RETRIED, task, TaskTransitions.retry(task, log.now()), TaskEvents.API,
                    detail.put("retry", true));
            case CANCEL -> log.update(Transition.Kind.CANCELLED, task, TaskTransitions.cancel(task, log.now()), TaskEvents.API, detail);
            case DELETE -> {
                return log.tx().tasks().delete(task.tenant(), task.id());
            }
        }
        return true;
    }

    /** Retry and cancel need a status they act on, so what they change leaves the filter; delete takes any, or all. */
    private static void requireStatus(BulkAction action, TaskStatus status) {
        if (action == BulkAction.DELETE) {
            return;
        }
        if (status == null || !action.actsOn(status)) {
            throw ServiceException.invalid("filter.status must be " + (action == BulkAction.RETRY ? "failed or cancelled"
                    : "pending or processing") + " for a bulk " + action.wireName());
        }
    }
}
