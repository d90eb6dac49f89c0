package dev.taskledger.client;

import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link TaskContext#checkCancelled()} and {@link TaskContext#progress} when the handler must stop:
 * the task was cancelled, its lease was lost, or the worker is shutting down. The worker reports nothing for
 * such a task, so a handler may simply let it propagate.
 */
public final class TaskStoppedException extends CancellationException {
    public TaskStoppedException(String message) {
        super(message);
    }
}
