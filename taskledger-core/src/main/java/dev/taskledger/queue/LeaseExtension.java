package dev.taskledger.queue;

import java.util.UUID;

/** One item of {@link WorkService#heartbeatAll}: extend the lease of {@code id} by {@code leaseSeconds} (null = the task's own). */
public record LeaseExtension(UUID id, String leaseToken, Integer leaseSeconds) {
}
