package dev.taskledger.queue;

import dev.taskledger.common.ServiceException;

/**
 * The order of a task listing: a {@link TaskSort} and its direction, the id breaking ties in the same direction.
 * {@link TaskSort#PRIORITY} descending is claim order (priority desc, run_at, id), ascending its exact reverse.
 */
public record TaskOrder(TaskSort sort, boolean descending) {
    public static final TaskOrder CLAIM_ORDER = new TaskOrder(TaskSort.PRIORITY, true);
    public static final TaskOrder CREATION_ORDER = new TaskOrder(TaskSort.CREATED_AT, false);

    /**
     * The order of a listing of {@code status} (null: every status): {@code sort} null is claim order for pending
     * tasks and creation order otherwise; {@code descending} null is the sort's own direction (priority: highest
     * first; created_at: oldest first). Priority on anything but pending tasks is a 400.
     */
    public static TaskOrder of(TaskStatus status, TaskSort sort, Boolean descending) {
        TaskSort s = sort != null ? sort : status == TaskStatus.PENDING ? TaskSort.PRIORITY : TaskSort.CREATED_AT;
        if (s == TaskSort.PRIORITY && status != TaskStatus.PENDING) {
            throw ServiceException.badRequest("sort=priority lists pending tasks only (status=pending): only they are"
                    + " indexed in claim order; sort=created_at sorts any status");
        }
        return new TaskOrder(s, descending != null ? descending : s == TaskSort.PRIORITY);
    }

    /** Whether this is the sort's own direction (the order of listings before sorting existed). */
    public boolean isDefaultDirection() {
        return descending == (sort == TaskSort.PRIORITY);
    }

    public String direction() {
        return descending ? "desc" : "asc";
    }
}
