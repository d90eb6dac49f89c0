package dev.taskledger.queue;

/**
 * A worker's report that an attempt failed. With {@code retryable} and attempts left, the task goes back to
 * pending after {@code retryInSeconds} (null = exponential backoff); otherwise it becomes failed.
 */
public record Failure(String leaseToken, String error, boolean retryable, Long retryInSeconds) {
}
