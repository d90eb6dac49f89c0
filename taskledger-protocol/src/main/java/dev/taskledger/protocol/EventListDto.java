package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code {"events": [...], "next_cursor": ...}}: a page of a task's events, newest first; {@code next_cursor} (null on
 * the last page) asks for the older ones.
 */
public record EventListDto(@JsonProperty("events") List<EventDto> events,
                           @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
    public EventListDto {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
