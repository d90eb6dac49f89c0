package dev.taskledger.queue;

import java.time.Instant;

/**
 * One change a committed transaction made to a task: what kind of transition ({@link TaskTransitions} computed
 * it), the task before (null for a create) and after, as written.
 */
public record Transition(Kind kind, Task before, Task after) {

    /** Every transition of the task state machine. */
    public enum Kind {
        CREATED,
        CLAIMED,
        HEARTBEAT,
        COMPLETED,
        /** A failed attempt, back to pending after a delay. */
        RETRY_SCHEDULED,
        /** A failed attempt, failed for good. */
        FAILED,
        LEASE_EXPIRED_REQUEUED,
        LEASE_EXPIRED_FAILED,
        /** Given back unstarted by its worker. */
        RELEASED,
        /** Given back because the claim's answer never reached its client. */
        RETURNED_UNDELIVERED,
        CANCELLED,
        /** An operator's retry of a failed or cancelled task. */
        RETRIED,
        EDITED,
        /** A waiting task heard that one of its parents finished and still waits for others. */
        PARENT_FINISHED,
        /** waiting → pending: every parent completed (or finished, for {@code on_parent_failure: run}). */
        DEPENDENCIES_MET,
        /** waiting → cancelled: a parent failed for good or was cancelled ({@code on_parent_failure: cancel}). */
        CANCELLED_BY_PARENT,
        /** cancelled → waiting: the parent that cancelled it was retried. */
        REVIVED
    }

    /** Whether this transition made the task claimable at {@code now}: ready after it, and not before. */
    public boolean madeReady(Instant now) {
        return after != null && after.isReady(now) && (before == null || !before.isReady(now));
    }
}
