package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A schedule on the wire: its definition, and what it did last — {@code last_fire_at}, {@code last_task_id} and that
 * task's current {@code last_task_status} (null before the first fire, or when the task is gone) — and
 * {@code next_fire_at} (null when the expression never fires again). {@code version} is also the ETag.
 */
public record ScheduleDto(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("cron") String cron,
        @JsonProperty("every") String every,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty("task") ScheduleTaskDto task,
        @JsonProperty("misfire") String misfire,
        @JsonProperty("overlap") String overlap,
        @JsonProperty("paused") boolean paused,
        @JsonProperty("next_fire_at") @JsonInclude(JsonInclude.Include.ALWAYS) Instant nextFireAt,
        @JsonProperty("last_fire_at") @JsonInclude(JsonInclude.Include.ALWAYS) Instant lastFireAt,
        @JsonProperty("last_task_id") @JsonInclude(JsonInclude.Include.ALWAYS) String lastTaskId,
        @JsonProperty("last_task_status") @JsonInclude(JsonInclude.Include.ALWAYS) String lastTaskStatus,
        @JsonProperty("version") int version,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
}
