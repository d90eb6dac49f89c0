package dev.taskledger.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code task_events}: written in the same transaction as the change it describes.
 * {@code detail} is JSON text or null; {@code actor} is {@code API}, {@code WORKER:<id>} or {@code SYSTEM}.
 */
public record TaskEvent(UUID id, UUID taskId, TaskStatus status, String state, String detail, String actor,
                        Instant createdAt) {
}
