package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;

/**
 * 409: the task is not in a state that allows the call. {@link #currentStatus()} is the task's status as the
 * server saw it ({@code cancelled}, {@code completed}, ...), when the server said.
 */
public sealed class ConflictException extends TaskledgerException permits LeaseLostException {
    private final String currentStatus;

    public ConflictException(ProblemDto problem) {
        super(problem);
        this.currentStatus = problem.currentStatus();
    }

    /** The task's current status in the API's lowercase spelling, or null when the server did not say. */
    public String currentStatus() {
        return currentStatus;
    }

    /** True when the task was cancelled: a worker must stop and not report the task. */
    public boolean isCancelled() {
        return "cancelled".equals(currentStatus);
    }
}
