package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code GET /api/v1/tasks/{id}/children}: one page of the children, by id; {@code next_cursor} null on the last. */
public record ChildPageDto(
        @JsonProperty("children") List<RelatedTaskDto> children,
        @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    public ChildPageDto {
        children = children == null ? List.of() : List.copyOf(children);
    }
}
