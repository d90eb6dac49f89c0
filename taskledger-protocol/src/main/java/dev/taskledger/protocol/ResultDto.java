package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/** The stored result of a completed task: the JSON the worker completed it with. */
public record ResultDto(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("result") @JsonRawValue @JsonDeserialize(using = RawJson.class) String result,
        @JsonProperty("created_at") Instant createdAt) {
}
