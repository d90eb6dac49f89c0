package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One page of a task listing. {@code nextCursor} is always present: null on the last page, otherwise the
 * opaque value to pass as {@code cursor} (with the same filters) for the next page.
 */
public record TaskPageDto(
        @JsonProperty("tasks") List<TaskDto> tasks,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    public TaskPageDto {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
