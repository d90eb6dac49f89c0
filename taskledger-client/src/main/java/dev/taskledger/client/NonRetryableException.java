package dev.taskledger.client;

/**
 * Thrown by a {@link TaskHandler} when trying again cannot help (bad input, a permanent refusal): the worker
 * fails the task with {@code retryable: false}, so it becomes failed at once instead of being retried.
 */
public class NonRetryableException extends RuntimeException {
    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
