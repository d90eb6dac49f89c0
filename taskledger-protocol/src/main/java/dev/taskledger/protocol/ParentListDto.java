package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code GET /api/v1/tasks/{id}/parents}: the parents in {@code depends_on} order, each with its result. */
public record ParentListDto(@JsonProperty("parents") List<RelatedTaskDto> parents) {
    public ParentListDto {
        parents = parents == null ? List.of() : List.copyOf(parents);
    }
}
