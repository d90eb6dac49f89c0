package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code {"tasks": [...]}}: the answer to a claim and to a batch create. */
public record TaskListDto(@JsonProperty("tasks") List<TaskDto> tasks) {
    public TaskListDto {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}
