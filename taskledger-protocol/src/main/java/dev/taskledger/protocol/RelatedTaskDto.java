package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A parent or child of a task in a workflow: the task, the child's {@code on_parent_failure}, and for a parent its
 * stored {@code result} (JSON; absent when it stored none).
 */
public record RelatedTaskDto(
        @JsonProperty("task") TaskDto task,
        @JsonProperty("on_parent_failure") String onParentFailure,
        @JsonProperty("result") @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue
        @JsonDeserialize(using = RawJson.class) String result) {
}
