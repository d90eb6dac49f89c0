package dev.taskledger.queue;

/**
 * A worker's heartbeat: extends the lease by {@code leaseSeconds} (null = the task's own) and may report
 * progress, state and metadata (merged). {@code leaseToken} null is accepted while the task is processing.
 */
public record Heartbeat(String leaseToken, Integer leaseSeconds, Integer progress, String state, String metadata) {
}
