package dev.taskledger.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code {"events": [...]}}: a task's latest events, newest first. */
public record EventListDto(@JsonProperty("events") List<EventDto> events) {
    public EventListDto {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
