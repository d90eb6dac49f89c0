package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/**
 * One audit event of a task: the {@code status} and {@code state} the task moved to, a JSON {@code detail},
 * and the {@code actor} ({@code API}, {@code WORKER:<id>} or {@code SYSTEM}).
 */
public record EventDto(
        @JsonProperty("id") String id,
        @JsonProperty("task_id") String taskId,
        @JsonProperty("status") String status,
        @JsonProperty("state") String state,
        @JsonProperty("detail") @JsonRawValue @JsonDeserialize(using = RawJson.class) String detail,
        @JsonProperty("actor") String actor,
        @JsonProperty("created_at") Instant createdAt) {
}
