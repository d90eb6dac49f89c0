package dev.taskledger.schedule;

import java.time.Instant;
import java.util.UUID;

/**
 * One audit row of a schedule: {@code kind} is created, updated, paused, resumed, deleted, fired or skipped;
 * {@code detail} is JSON (the fire time and task id of a fire, the changed fields of an update).
 */
public record ScheduleEvent(UUID id, UUID scheduleId, String tenant, String kind, String detail, String actor,
                            Instant createdAt) {
}
