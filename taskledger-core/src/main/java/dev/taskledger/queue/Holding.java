package dev.taskledger.queue;

import dev.taskledger.common.ServiceException.Conflict;
import dev.taskledger.common.ServiceException.TaskConflict;

/**
 * The rule every worker call (complete, fail, heartbeat, release; single or batched) applies before it may change
 * a task: the task must be processing and, when the call presents a lease token, still held under it.
 */
final class Holding {
    private Holding() {}

    /** Why a worker call presenting {@code leaseToken} (null: none, as seed 001's client) may not change {@code task}; null when it may. */
    static TaskConflict refusal(Task task, String leaseToken) {
        String status = task.status().wireName();
        if (task.status() == TaskStatus.CANCELLED) {
            return new TaskConflict(Conflict.CANCELLED, "task " + task.id() + " was cancelled", status);
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
}
