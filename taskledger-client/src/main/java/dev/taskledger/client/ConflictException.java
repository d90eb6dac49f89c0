package dev.taskledger.client;

import dev.taskledger.protocol.ProblemDto;
import dev.taskledger.protocol.ProblemType;

/**
 * 409: the task is not in a state that allows the call. {@link #reason()} says why (the problem type:
 * {@link ProblemType#TASK_CANCELLED}, {@link ProblemType#NOT_PROCESSING}, ...), {@link #currentStatus()} what the
 * task's status was as the server saw it.
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

    /** Why the call conflicts with the task: the problem type, or null when the server sent a type this client does not know. */
    public ProblemType reason() {
        return ProblemType.fromUri(type());
    }

    /** True when the task was cancelled: a worker must stop and not report the task. */
    public boolean isCancelled() {
        return reason() == ProblemType.TASK_CANCELLED;
    }
}
