package dev.taskledger.queue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A queue task as stored. JSON-valued fields ({@code payload}, {@code metadata}) hold JSON text that
 * the protocol layer has already validated; stores keep its JSON value exactly (strings, including U+0000,
 * nesting, numbers by value), though a store may normalise formatting: PostgreSQL's JSONB reorders keys
 * and respells numbers ({@code 2e3} as {@code 2000}). {@code payload} never changes after insert.
 *
 * <p>{@code retryCount} counts attempts: a claim increments it; {@code :retry} resets it to 0. A task
 * whose attempt fails goes back to pending while {@code retryCount < maxAttempts}.
 *
 * <p>{@code timeoutSeconds} (null: none) bounds one attempt: its {@link #deadline()} is {@code startedAt +
 * timeoutSeconds}, by the database clock as every queue time. Unlike the lease, heartbeats do not move it.
 * <p>{@code concurrencyKey} (nullable, never changes after insert) names the group a concurrency or rate limit
 * counts the task in ({@link ClaimLimits}).
 */
public record Task(
        UUID id,
        String tenant,
        String type,
        TaskStatus status,
        String state,
        int progress,
        int priority,
        String payload,
        String metadata,
        Map<String, String> tags,
        String error,
        String inputHash,
        int retryCount,
        int maxAttempts,
        int leaseSeconds,
        Integer timeoutSeconds,
        Instant runAt,
        String leaseOwner,
        String leaseToken,
        Instant leaseExpiresAt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        int version,
        String concurrencyKey) {

    public Task {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Starts a copy-with builder; services use it to compute the next state of a task. */
    public TaskBuilder toBuilder() {
        return new TaskBuilder(this);
    }

    /** When the current attempt times out: {@code startedAt + timeoutSeconds}; null when not processing or no timeout. */
    public Instant deadline() {
        return status != TaskStatus.PROCESSING || timeoutSeconds == null || startedAt == null ? null
                : startedAt.plusSeconds(timeoutSeconds);
    }

    /** Whether the current attempt ran past its {@link #deadline()} at {@code now}. */
    public boolean isPastDeadline(Instant now) {
        Instant deadline = deadline();
        return deadline != null && !now.isBefore(deadline);
    }

    public boolean isReady(Instant now) {
        return status == TaskStatus.PENDING && !runAt.isAfter(now);
    }
}
