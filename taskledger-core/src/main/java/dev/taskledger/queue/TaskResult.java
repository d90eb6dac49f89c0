package dev.taskledger.queue;

import java.time.Instant;
import java.util.UUID;

/** The row of {@code task_results}: the JSON a worker completed the task with. */
public record TaskResult(UUID taskId, String payload, Instant createdAt) {
}
