package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.List;

/**
 * One audit event of a schedule: {@code kind} is created, updated, paused, resumed, deleted, fired or skipped;
 * {@code detail} is JSON (a fire's {@code fire_time} and {@code task_id}; a skip's {@code reason}).
 */
public record ScheduleEventDto(
        @JsonProperty("id") String id,
        @JsonProperty("schedule_id") String scheduleId,
        @JsonProperty("kind") String kind,
        @JsonProperty("detail") @JsonRawValue @JsonDeserialize(using = RawJson.class) String detail,
        @JsonProperty("actor") String actor,
        @JsonProperty("created_at") Instant createdAt) {

    /** The answer of {@code GET /api/v1/schedules/{id}/events}, newest first. */
    public record Page(@JsonProperty("events") List<ScheduleEventDto> events) {
        public Page {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }
}
