package dev.taskledger.client;

/**
 * The work a {@link Worker} does for one task. Return the result (any JSON-serialisable value, or null for
 * none): the worker completes the task with it. Throw to fail the attempt: the task is retried with backoff
 * while attempts remain, unless the exception is a {@link NonRetryableException} (or a class configured as
 * non-retryable), which fails it for good.
 *
 * <p>Runs on a virtual thread. When the task is cancelled (or its lease is lost, or the worker is shut down
 * hard) the thread is interrupted and nothing is reported for the task: a handler that blocks should let
 * {@link InterruptedException} propagate, and a long computation should check {@link TaskContext#isCancelled()}
 * between steps.
 */
@FunctionalInterface
public interface TaskHandler {
    Object handle(TaskContext task) throws Exception;
}
