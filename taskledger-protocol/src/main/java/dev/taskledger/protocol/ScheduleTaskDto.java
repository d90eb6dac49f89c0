package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.Map;

/**
 * The task template of a schedule: the fields of a task create that each fire uses ({@code payload} is JSON text,
 * written as JSON). Null fields take the task defaults.
 */
public record ScheduleTaskDto(
        @JsonProperty("type") String type,
        @JsonProperty("payload") @JsonRawValue @JsonDeserialize(using = RawJson.class) String payload,
        @JsonProperty("priority") Integer priority,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("max_attempts") Integer maxAttempts,
        @JsonProperty("lease_seconds") Integer leaseSeconds) {

    /** A template with only a type and a payload (JSON text). */
    public static ScheduleTaskDto of(String type, String payloadJson) {
        return new ScheduleTaskDto(type, payloadJson, null, null, null, null);
    }
}
